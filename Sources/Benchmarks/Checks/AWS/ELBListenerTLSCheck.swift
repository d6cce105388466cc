import KSPMCore

/// A classic load balancer accepts only TLS from clients: every listener of
/// `ListenerDescriptions[].Listener` has a front-end `Protocol` of `HTTPS` or `SSL` and names its
/// certificate in `SSLCertificateId`.
///
/// The back-end `InstanceProtocol` (load balancer to node) is shown but not judged: the rule is
/// about traffic from users to the load balancer (docs/deviations.md). A load balancer with no
/// listener accepts no traffic and passes; a raw resource without `ListenerDescriptions` is not
/// evaluated. Evidence: the load balancer's name and its listeners (only the offending ones when
/// it fails).
public struct ELBListenerTLSCheck: CloudResourceCheck, Hashable {
  /// Front-end protocols that terminate TLS at the load balancer with a certificate.
  public static let encryptedProtocols: Set<String> = ["HTTPS", "SSL"]

  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    guard let descriptions = resource.raw["ListenerDescriptions"]?.arrayValue else {
      return .notEvaluated("resource.raw has no ListenerDescriptions list (a classic load balancer description)")
    }
    var offending: [JSONValue] = []
    var all: [JSONValue] = []
    for description in descriptions {
      let listener = description["Listener"] ?? .null
      let encrypted = Self.encryptedProtocols.contains(listener["Protocol"]?.stringValue?.uppercased() ?? "")
      let certificate = listener["SSLCertificateId"]?.stringValue ?? ""
      var entry = JSONObject()
      for key in ["Protocol", "LoadBalancerPort", "InstanceProtocol", "InstancePort", "SSLCertificateId"] {
        entry[key] = listener[key] ?? .null
      }
      all.append(.object(entry))
      if !encrypted || certificate.isEmpty { offending.append(.object(entry)) }
    }
    var evidence = JSONObject()
    evidence["load_balancer"] = .string(resource.raw["LoadBalancerName"]?.stringValue ?? resource.name)
    evidence["listeners"] = .array(offending.isEmpty ? all : offending)
    return Evaluation(
      offending.isEmpty ? .passed : .failed, evidence: .object(evidence),
      expected: ["listeners": [["Protocol": "HTTPS or SSL", "SSLCertificateId": "a certificate ARN"]]])
  }

  public var description: String { "every listener is HTTPS or SSL with a certificate" }
}
