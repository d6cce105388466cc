import KSPMCore

/// Every EKS control-plane log type is sent to CloudWatch Logs: `api`, `audit`, `authenticator`,
/// `controllerManager` and `scheduler` are each listed in an entry of
/// `Cluster.Logging.ClusterLogging` whose `Enabled` is true.
///
/// A type listed nowhere is off (EKS turns every type off by default), and so is a missing or null
/// `Logging`. Evidence: the `ClusterLogging` entries as given, the types enabled and the types
/// missing.
public struct EKSControlPlaneLoggingCheck: CloudResourceCheck, Hashable {
  /// The log types EKS can send, in the order the EKS API lists them.
  public static let logTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .judgingEKSCluster(resource) { cluster in
      let logging = cluster["Logging"] ?? .null
      let entries = logging.isNull ? .null : logging["ClusterLogging"] ?? .null
      guard entries.isNull || entries.arrayValue != nil else {
        return .notEvaluated("Cluster.Logging.ClusterLogging is not a list")
      }
      var enabled = Set<String>()
      for entry in entries.arrayValue ?? [] where entry["Enabled"]?.boolValue == true {
        for type in entry["Types"]?.arrayValue ?? [] { if let name = type.stringValue { enabled.insert(name) } }
      }
      let on = Self.logTypes.filter { enabled.contains($0) }
      let missing = Self.logTypes.filter { !enabled.contains($0) }
      var evidence = JSONObject()
      evidence["cluster_logging"] = entries
      evidence["enabled_types"] = .array(on.map { .string($0) })
      evidence["missing_types"] = .array(missing.map { .string($0) })
      return Evaluation(
        missing.isEmpty ? .passed : .failed, evidence: .object(evidence),
        expected: ["enabled_types": .array(Self.logTypes.map { .string($0) })])
    }
  }

  public var description: String { "all five control-plane log types enabled (\(Self.logTypes.joined(separator: ", ")))" }
}
