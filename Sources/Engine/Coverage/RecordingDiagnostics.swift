import KSPMCore
import Synchronization

/// A warning as a collector reported it.
public struct DiagnosticRecord: Sendable, Hashable {
  public var collector: String
  public var subject: String
  public var message: String

  public init(collector: String, subject: String, message: String) {
    self.collector = collector
    self.subject = subject
    self.message = message
  }
}

/// Passes every problem on and keeps the first warnings, so a scan's coverage can say which rules
/// a problem left unjudged. Memory is bounded by ``limit``.
public final class RecordingDiagnostics: ScanDiagnostics {
  public let inner: any ScanDiagnostics
  public let limit: Int
  private let kept = Mutex<[DiagnosticRecord]>([])

  public init(_ inner: any ScanDiagnostics, limit: Int = 500) {
    self.inner = inner
    self.limit = limit
  }

  public func warning(collector: String, subject: String, message: String) {
    kept.withLock { records in
      if records.count < limit {
        records.append(DiagnosticRecord(collector: collector, subject: subject, message: message))
      }
    }
    inner.warning(collector: collector, subject: subject, message: message)
  }

  public func info(collector: String, message: String) {
    inner.info(collector: collector, message: message)
  }

  /// The warnings kept so far, in the order they came.
  public var warnings: [DiagnosticRecord] { kept.withLock { $0 } }
}
