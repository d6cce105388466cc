import KSPMCore

/// CIS Kubernetes Benchmark (Elastic's `cis_k8s` v1.0.1, "CIS Kubernetes V1.23"): 92 rules on
/// control-plane and worker-node files, control-plane and kubelet processes, RBAC and Pods, and the
/// document's 33 other recommendations as manual rules.
public enum CISKubernetes {
  public static let info = BenchmarkInfo(
    id: "cis_k8s", name: "CIS Kubernetes V1.23", version: "v1.0.1", postureType: "kspm", tag: "Kubernetes")

  /// The rule table with our own prose.
  public static let table = RuleTable(
    info: info, definitions: definitions, texts: CISKubernetesTexts.texts, manual: manualRules, targets: targets)

  /// The benchmark (one shared instance: it is immutable).
  public static let shared = TableBenchmark(table)
}
