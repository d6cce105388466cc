import KSPMCore

/// Every EKS control-plane log type is sent to CloudWatch Logs: `api`, `audit`, `authenticator`,
/// `controllerManager` and `scheduler` are each listed in an entry of
/// `Cluster.Logging.ClusterLogging` whose `Enabled` is true.
///
/// A type listed nowhere is off (EKS turns every type off by default), and so is a missing or null
/// `Logging`, `ClusterLogging` or `Enabled`. A field of the wrong type (`Enabled: "true"`) is not
/// evaluated. Evidence: the `ClusterLogging` entries as given, the types enabled and the types
/// missing.
public struct EKSControlPlaneLoggingCheck: CloudResourceCheck, Hashable {
  /// The log types EKS can send, in the order the EKS API lists them.
  public static let logTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .judgingEKSCluster(resource) { cluster throws(AWSShapeError) in
      let logging = try cluster.object("Logging")
      var enabled = Set<String>()
      for entry in try logging?.objects("ClusterLogging") ?? [] {
        let types = try entry.strings("Types") ?? []
        if try entry.bool("Enabled") == true { enabled.formUnion(types) }
      }
      let on = Self.logTypes.filter { enabled.contains($0) }
      let missing = Self.logTypes.filter { !enabled.contains($0) }
      var evidence = JSONObject()
      evidence["cluster_logging"] = logging?["ClusterLogging"] ?? .null
      evidence["enabled_types"] = .array(on.map { .string($0) })
      evidence["missing_types"] = .array(missing.map { .string($0) })
      return Evaluation(
        missing.isEmpty ? .passed : .failed, evidence: .object(evidence),
        expected: ["enabled_types": .array(Self.logTypes.map { .string($0) })])
    }
  }

  public var description: String {
    "all five control-plane log types enabled (\(Self.logTypes.joined(separator: ", ")))"
  }
}
