import KSPMCore
import Synchronization

/// An output that keeps nothing and counts what it was given (for table-only scans and benchmarks).
public final class DiscardOutput: FindingOutput {
  private let counts = Mutex<(documents: Int, bytes: Int)>((0, 0))

  public init() {}

  public func write(_ documents: [FindingDocument]) async throws {
    let bytes = documents.reduce(0) { $0 + $1.body.count + 1 }
    counts.withLock {
      $0.documents += documents.count
      $0.bytes += bytes
    }
  }

  public func close() async throws {}

  /// Documents received so far.
  public var documents: Int { counts.withLock { $0.documents } }
  /// NDJSON bytes those documents would have taken.
  public var bytes: Int { counts.withLock { $0.bytes } }
}
