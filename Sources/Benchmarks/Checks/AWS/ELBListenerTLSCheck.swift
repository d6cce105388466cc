import KSPMCore

/// A classic load balancer accepts only TLS from clients: every listener of
/// `ListenerDescriptions[].Listener` has a front-end `Protocol` of `HTTPS` or `SSL` and names its
/// certificate in `SSLCertificateId`.
///
/// The back-end `InstanceProtocol` (load balancer to node) is shown but not judged: the rule is
/// about traffic from users to the load balancer (docs/deviations.md). A load balancer with no
/// listener (`ListenerDescriptions` missing, null or empty) accepts no traffic and passes. A raw
/// resource without `LoadBalancerName` is not a `LoadBalancerDescription`, and a description
/// without a `Listener` object or a field of the wrong type is not judged: all are not evaluated.
/// Evidence: the load balancer's name and its listeners (only the offending ones when it fails).
public struct ELBListenerTLSCheck: CloudResourceCheck, Hashable {
  /// Front-end protocols that terminate TLS at the load balancer with a certificate.
  public static let encryptedProtocols: Set<String> = ["HTTPS", "SSL"]

  /// The listener fields shown in the evidence.
  static let shownFields = ["Protocol", "LoadBalancerPort", "InstanceProtocol", "InstancePort", "SSLCertificateId"]

  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .readingAWSFields { () throws(AWSShapeError) -> Evaluation in
      guard let loadBalancer = try AWSRawReader.object(resource.raw, path: ""),
        let name = try loadBalancer.string("LoadBalancerName")
      else {
        return .notEvaluated(
          "resource.raw has no LoadBalancerName (a LoadBalancerDescription of ELB DescribeLoadBalancers)")
      }
      var offending: [JSONValue] = []
      var all: [JSONValue] = []
      for description in try loadBalancer.objects("ListenerDescriptions") ?? [] {
        guard let listener = try description.object("Listener") else {
          return .notEvaluated("\(description.path) has no Listener")
        }
        let encrypted = Self.encryptedProtocols.contains(try listener.string("Protocol")?.uppercased() ?? "")
        let certificate = try listener.string("SSLCertificateId") ?? ""
        var entry = JSONObject()
        for key in Self.shownFields { entry[key] = listener[key] }
        all.append(.object(entry))
        if !encrypted || certificate.isEmpty { offending.append(.object(entry)) }
      }
      var evidence = JSONObject()
      evidence["load_balancer"] = .string(name)
      evidence["listeners"] = .array(offending.isEmpty ? all : offending)
      return Evaluation(
        offending.isEmpty ? .passed : .failed, evidence: .object(evidence),
        expected: ["listeners": [["Protocol": "HTTPS or SSL", "SSLCertificateId": "a certificate ARN"]]])
    }
  }

  public var description: String { "every listener is HTTPS or SSL with a certificate" }
}
