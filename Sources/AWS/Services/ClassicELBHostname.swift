/// The classic load balancer behind a Kubernetes Service's ingress hostname:
/// `<name>-<digits>.<region>.elb.amazonaws.com`, or `internal-<name>-<digits>.…` for an
/// internal one.
public struct ClassicELBHostname: Sendable, Hashable {
  /// The load balancer's name (without the `internal-` that internal load balancers' host
  /// names start with).
  public var name: String
  public var region: String

  public init(name: String, region: String) {
    self.name = name
    self.region = region
  }

  /// The load balancer of `hostname`; `nil` for anything else, network load balancers'
  /// `<name>-<hash>.elb.<region>.amazonaws.com` among them.
  ///
  /// The domain is compared without regard to case (a trailing `.` allowed); the name keeps
  /// its case. Application load balancers' host names have the classic form: their names come
  /// back as not found from the classic API.
  public init?(hostname: String) {
    var host = Substring(hostname)
    if host.hasSuffix(".") { host = host.dropLast() }
    var labels: [Substring]?
    for suffix in [".elb.amazonaws.com", ".elb.amazonaws.com.cn"] where host.lowercased().hasSuffix(suffix) {
      labels = host.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false)
    }
    guard let labels, labels.count == 2 else { return nil }
    let region = labels[1].lowercased()
    guard AWSEndpoints.isRegionName(region), let dash = labels[0].lastIndex(of: "-") else { return nil }
    let digits = labels[0][labels[0].index(after: dash)...]
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    var name = labels[0][..<dash]
    if name.lowercased().hasPrefix("internal-") { name = name.dropFirst("internal-".count) }
    guard Self.isLoadBalancerName(name) else { return nil }
    self.init(name: String(name), region: region)
  }

  /// 1 to 32 letters, digits and `-`, not starting or ending with `-`.
  static func isLoadBalancerName(_ name: Substring) -> Bool {
    guard (1...32).contains(name.utf8.count), name.first != "-", name.last != "-" else { return false }
    return name.utf8.allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == UInt8(ascii: "-")
    }
  }

  /// The load balancers `hostnames` name, by region: each name once, sorted.
  public static func loadBalancersByRegion(hostnames: some Sequence<String>) -> [String: [String]] {
    var regions: [String: Set<String>] = [:]
    for hostname in hostnames {
      guard let balancer = ClassicELBHostname(hostname: hostname) else { continue }
      regions[balancer.region, default: []].insert(balancer.name)
    }
    return regions.mapValues { $0.sorted() }
  }
}
