import Benchmarks
import KSPMCore

/// The benchmarks this build can run, by id.
public enum BenchmarkCatalog {
  /// Ids `named(_:)` knows.
  public static let available = ["cis_k8s"]

  public static func named(_ id: String) -> (any Benchmark)? {
    Benchmarks.named(id)
  }
}
