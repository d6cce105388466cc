import KSPMCore

/// The benchmarks this build can evaluate: the only list of benchmark ids. The command line, the
/// configuration and the cycle assembly all look benchmarks up here.
public enum BenchmarkRegistry {
  /// Every benchmark, in the order they are listed to users.
  public static let all: [TableBenchmark] = [CISKubernetes.shared, CISEKS.shared]

  /// The ids of ``all`` (`cis_k8s`, `cis_eks`).
  public static var ids: [String] { all.map(\.info.id) }

  /// The benchmark with this id, or `nil` when this build has none.
  public static func named(_ id: String) -> TableBenchmark? {
    all.first { $0.info.id == id }
  }

  /// `unknown benchmark "x" (available: cis_k8s, cis_eks)`, for errors about an id that is not here.
  public static func unknown(_ id: String) -> String {
    "unknown benchmark \"\(id)\" (available: \(ids.joined(separator: ", ")))"
  }
}
