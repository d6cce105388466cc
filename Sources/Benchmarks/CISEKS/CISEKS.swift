import KSPMCore

/// CIS Amazon EKS Benchmark (Elastic's `cis_eks` v1.0.1, "CIS Amazon Elastic Kubernetes Service
/// (EKS)"): 31 rules on the EKS control plane's settings (logging, secrets encryption, endpoint
/// access), worker-node files and the kubelet, Pods and Nodes, ECR repositories and classic load
/// balancers; and the document's 21 other recommendations as manual rules.
public enum CISEKS {
  public static let info = BenchmarkInfo(
    id: "cis_eks", name: "CIS Amazon Elastic Kubernetes Service (EKS)", version: "v1.0.1", postureType: "kspm",
    tag: "EKS")

  /// The rule table with our own prose.
  public static let table = RuleTable(
    info: info, definitions: definitions, texts: CISEKSTexts.texts, manual: manualRules, targets: targets)

  /// The benchmark (one shared instance: it is immutable).
  public static let shared = TableBenchmark(table)
}
