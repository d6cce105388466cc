/// A container image in an account's private ECR registry:
/// `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@digest]`.
public struct ECRImageReference: Sendable, Hashable {
  public var region: String
  /// The repository name, nested paths included (`team/app`).
  public var repositoryName: String

  public init(region: String, repositoryName: String) {
    self.region = region
    self.repositoryName = repositoryName
  }

  /// The repository of `image` when it is in `account`'s private registry; `nil` for other
  /// accounts, public registries (`public.ecr.aws`, Docker Hub), and anything that is not a
  /// valid reference (a repository name with upper-case letters, an empty path component,
  /// a registry port).
  ///
  /// The registry host is compared without regard to case; `amazonaws.com.cn` (China) counts.
  public init?(image: String, account: String) {
    guard !account.isEmpty, let slash = image.firstIndex(of: "/") else { return nil }
    let host = image[..<slash].lowercased()
    let prefix = account.lowercased() + ".dkr.ecr."
    guard host.hasPrefix(prefix) else { return nil }
    let rest = host.dropFirst(prefix.count)
    var region: Substring?
    for suffix in [".amazonaws.com", ".amazonaws.com.cn"] where rest.hasSuffix(suffix) {
      region = rest.dropLast(suffix.count)
    }
    guard let region, AWSEndpoints.isRegionName(String(region)) else { return nil }
    var path = image[image.index(after: slash)...]
    if let at = path.firstIndex(of: "@") { path = path[..<at] }
    if let colon = path.lastIndex(of: ":") {
      // A tag follows the last `:` after the last `/`.
      guard !path[colon...].contains("/") else { return nil }
      path = path[..<colon]
    }
    guard Self.isRepositoryName(path) else { return nil }
    self.init(region: String(region), repositoryName: String(path))
  }

  /// ECR's rule: 2 to 256 characters; `/`-separated components of lower-case letters and
  /// digits, joined inside a component by single `.`, `_` or `-`.
  static func isRepositoryName(_ name: Substring) -> Bool {
    guard (2...256).contains(name.utf8.count) else { return false }
    return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
      guard let first = component.utf8.first, let last = component.utf8.last, isAlphanumeric(first),
        isAlphanumeric(last)
      else { return false }
      var previousWasSeparator = false
      for byte in component.utf8 {
        if isAlphanumeric(byte) {
          previousWasSeparator = false
        } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") {
          if previousWasSeparator { return false }
          previousWasSeparator = true
        } else {
          return false
        }
      }
      return true
    }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
  }

  /// The repositories `images` use in `account`'s registry, by region: each name once, sorted.
  public static func repositoriesByRegion(images: some Sequence<String>, account: String) -> [String: [String]] {
    var regions: [String: Set<String>] = [:]
    for image in images {
      guard let reference = ECRImageReference(image: image, account: account) else { continue }
      regions[reference.region, default: []].insert(reference.repositoryName)
    }
    return regions.mapValues { $0.sorted() }
  }
}
