import Findings
import Foundation
import KSPMCore
import Logging
import Output
import Synchronization

/// What one cycle did, for the cycle's log line and for tests.
public struct CycleReport: Sendable {
  public var sequence: Int64
  public var trigger: CycleScheduler.Trigger
  public var duration: Duration
  public var outcomes: [CollectorOutcome]
  public var passed: Int
  public var failed: Int
  /// Warnings per collector during the cycle.
  public var warnings: [String: Int]
  public var resources: Int { outcomes.reduce(0) { $0 + $1.resources } }
}

/// Runs one benchmark cycle of the daemon into the long-lived queue: node collectors every cycle,
/// cluster collectors through the leader gate; a cycle started because this process just became
/// leader runs only the cluster collectors (the node was scanned on schedule).
public struct CycleRunner: Sendable {
  public let benchmark: any Benchmark
  public let queue: BoundedQueue<FindingDocument>
  public let logger: Logger
  /// The cycle's context (cluster, node, agent) for a sequence.
  public let context: @Sendable (Int64) async -> CycleContext
  /// The collectors of a cycle, cluster-scope ones already gated on leadership.
  public let collectors: @Sendable () -> [any ResourceCollector]
  /// Logs the output's delivery counters after each cycle.
  public let outputReporter: OutputReporter?

  public init(
    benchmark: any Benchmark, queue: BoundedQueue<FindingDocument>, logger: Logger,
    context: @escaping @Sendable (Int64) async -> CycleContext,
    collectors: @escaping @Sendable () -> [any ResourceCollector], outputReporter: OutputReporter? = nil
  ) {
    self.outputReporter = outputReporter
    self.benchmark = benchmark
    self.queue = queue
    self.logger = logger
    self.context = context
    self.collectors = collectors
  }

  public func run(trigger: CycleScheduler.Trigger, sequence: Int64) async -> CycleReport {
    let started = ContinuousClock.now
    var selected = collectors()
    if trigger == .leadership { selected = selected.filter { $0.scope == .cluster } }
    let diagnostics = LoggingDiagnostics(logger: logger)
    let summary = PostureSummary()
    let cycleContext = await context(sequence)
    let pipeline = ScanPipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: cycleContext, rules: benchmark.rules), queue: queue,
      summary: summary, diagnostics: diagnostics)
    let outcomes = await pipeline.run(selected)
    let report = CycleReport(
      sequence: sequence, trigger: trigger, duration: ContinuousClock.now - started, outcomes: outcomes,
      passed: summary.passed, failed: summary.failed, warnings: diagnostics.counts)
    var metadata: Logger.Metadata = [
      "cycle.sequence": "\(sequence)", "cycle.trigger": "\(trigger)", "resources": "\(report.resources)",
      "findings.passed": "\(report.passed)", "findings.failed": "\(report.failed)",
      "duration_ms": "\(Int(report.duration / .milliseconds(1)))",
    ]
    for outcome in outcomes {
      metadata["collector.\(outcome.name).resources"] = "\(outcome.resources)"
      let errors = (report.warnings[outcome.name] ?? 0) + (outcome.failure == nil ? 0 : 1)
      metadata["collector.\(outcome.name).errors"] = "\(errors)"
    }
    logger.info("cycle finished", metadata: metadata)
    outputReporter?.log(to: logger, queued: queue.count)
    return report
  }
}

/// Diagnostics for the daemon: each problem is a log line; counts per collector for the summary.
final class LoggingDiagnostics: ScanDiagnostics {
  let logger: Logger
  private let state = Mutex<[String: Int]>([:])

  init(logger: Logger) { self.logger = logger }

  func warning(collector: String, subject: String, message: String) {
    state.withLock { $0[collector, default: 0] += 1 }
    logger.warning("\(subject): \(message)", metadata: ["collector": "\(collector)"])
  }

  func info(collector: String, message: String) {
    logger.debug("\(message)", metadata: ["collector": "\(collector)"])
  }

  var counts: [String: Int] { state.withLock { $0 } }
}
