import Foundation
import KSPMCore
import Synchronization

/// Diagnostics for a person at a terminal: one line per problem on standard error, and a count
/// of warnings per collector for the summary.
public final class ConsoleDiagnostics: ScanDiagnostics {
  private let counts = Mutex<[String: Int]>([:])
  private let verbose: Bool
  private let sink: @Sendable (String) -> Void

  /// `sink` receives each line (standard error by default).
  public init(verbose: Bool = false, sink: (@Sendable (String) -> Void)? = nil) {
    self.verbose = verbose
    self.sink = sink ?? { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
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
