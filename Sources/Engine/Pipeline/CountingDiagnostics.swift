import KSPMCore
import Synchronization

/// Passes a cycle's problems on (to the console, the log) and counts the warnings per collector for
/// the cycle report. A warning repeated word for word in the same cycle (a source read twice: once
/// for the cluster context, once for the rules) is passed on and counted once.
public final class CountingDiagnostics: ScanDiagnostics {
  public let inner: any ScanDiagnostics
  private let counts = Mutex<[String: Int]>([:])
  private let seen = Mutex<Set<String>>([])

  public init(_ inner: any ScanDiagnostics) {
    self.inner = inner
  }

  public func warning(collector: String, subject: String, message: String) {
    guard seen.withLock({ $0.insert(collector + "\u{0}" + subject + "\u{0}" + message).inserted }) else { return }
    counts.withLock { $0[collector, default: 0] += 1 }
    inner.warning(collector: collector, subject: subject, message: message)
  }

  public func info(collector: String, message: String) {
    inner.info(collector: collector, message: message)
  }

  /// A collector that could not run at all: reported like a warning, counted as the outcome's failure.
  public func failure(collector: String, message: String) {
    inner.warning(collector: collector, subject: collector, message: message)
  }

  /// Warnings `collector` reported so far.
  public func warnings(of collector: String) -> Int { counts.withLock { $0[collector] ?? 0 } }

  /// Warnings so far, per collector.
  public var warningCounts: [String: Int] { counts.withLock { $0 } }
}
