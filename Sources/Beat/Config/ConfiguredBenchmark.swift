/// The benchmark a `kspmbeat run` evaluates (`kspmbeat.config.v1.benchmark`).
public enum ConfiguredBenchmark: String, Sendable, CaseIterable {
  /// CIS Kubernetes: self-managed clusters (control plane and worker nodes).
  case cisK8s = "cis_k8s"
  /// CIS Amazon EKS: worker nodes, cluster objects and AWS account settings.
  case cisEKS = "cis_eks"

  /// The id as written in configuration and in `rule.benchmark.id`.
  public var id: String { rawValue }
}

extension ConfiguredBenchmark {
  static func read(_ v1: ConfigSection?) throws(ConfigError) -> ConfiguredBenchmark {
    guard let v1, let id = try v1.nonEmptyString("benchmark") else { return .cisK8s }
    guard let benchmark = ConfiguredBenchmark(rawValue: id) else {
      let supported = allCases.map(\.rawValue).joined(separator: ", ")
      throw v1.error("benchmark", "\(ConfigSection.quote(id)) is not a supported benchmark (supported: \(supported))")
    }
    return benchmark
  }
}
