import KSPMCore

/// A Node has no public address: no entry of `status.addresses` has type `ExternalIP` with a
/// real address (empty and unspecified ones, `0.0.0.0` and `::`, are not addresses).
///
/// Evidence: the node's identity and its external addresses.
public struct NodeExternalAddressCheck: KubernetesObjectCheck, Hashable {
  static let unspecified: Set<String> = ["", "0.0.0.0", "::"]

  public init() {}

  public func evaluate(_ object: KubernetesObject, context: ClusterContext) -> Evaluation {
    let external = (object.object[path: "status", "addresses"]?.arrayValue ?? []).compactMap { address -> String? in
      guard address["type"]?.stringValue == "ExternalIP", let ip = address["address"]?.stringValue,
        !Self.unspecified.contains(ip)
      else { return nil }
      return ip
    }
    return Evaluation(
      external.isEmpty ? .passed : .failed,
      evidence: ["node": identity(object), "external_ips": .array(external.map { .string($0) })],
      expected: ["external_ips": []])
  }

  public var description: String { "no ExternalIP in status.addresses" }
}
