import Foundation
import KSPMCore
import Synchronization

/// Diagnostics for a person at a terminal: one line per problem on standard error, and a count
/// of warnings per collector for the summary.
public final class ConsoleDiagnostics: ScanDiagnostics {
  private let counts = Mutex<[String: Int]>([:])
  private let verbose: Bool
  private let sink: @Sendable (String) -> Void

  /// `sink` receives each line (standard error by default), after `redact` (which masks secrets).
  public init(
    verbose: Bool = false, redact: (@Sendable (String) -> String)? = nil, sink: (@Sendable (String) -> Void)? = nil
  ) {
    self.verbose = verbose
    let write: @Sendable (String) -> Void = sink ?? { line in Console.error(line) }
    if let redact {
      self.sink = { line in write(redact(line)) }
    } else {
      self.sink = write
    }
  }

  public func warning(collector: String, subject: String, message: String) {
    counts.withLock { $0[collector, default: 0] += 1 }
    sink("kspmbeat: warning: [\(collector)] \(subject): \(message)")
  }

  public func info(collector: String, message: String) {
    if verbose { sink("kspmbeat: [\(collector)] \(message)") }
  }

  /// Warnings so far, per collector.
  public var warningCounts: [String: Int] { counts.withLock { $0 } }
}
