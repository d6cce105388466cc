import KSPMCore

/// The benchmarks kspmbeat knows, by id.
public enum Benchmarks {
  /// Ids of the benchmarks this build can evaluate.
  public static let ids = ["cis_k8s"]

  /// The benchmark with this id (`cis_k8s`), or `nil` for an unknown one (`cis_eks` comes later).
  public static func named(_ id: String) -> (any Benchmark)? {
    switch id {
    case "cis_k8s": CISKubernetes.shared
    default: nil
    }
  }
}

extension CISKubernetes {
  /// One shared instance: the table is immutable, so every caller can use the same.
  public static let shared = CISKubernetes()
}
