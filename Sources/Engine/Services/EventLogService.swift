import KSPMCore
import Logging
import Output
import ServiceLifecycle

/// Follows the event stream into the log: the start, one `cycle finished` line per cycle (counts
/// per collector, time per stage), one `output summary` per cycle for outputs that count, a line
/// per output health change and per leadership change, configuration reloads, and the stop.
///
/// Register it first in the service group: it is shut down last, and logs everything the other
/// services published while stopping.
public struct EventLogService: Service, CustomStringConvertible {
  public let events: EventBus
  public let mailbox: Mailbox<EngineEvent>
  public let logger: Logger

  /// Subscribes at once, so nothing published after this is missed.
  public init(events: EventBus, logger: Logger) {
    self.events = events
    mailbox = events.subscribe()
    self.logger = logger
  }

  public var description: String { "EventLogService" }

  public func run() async throws {
    await withGracefulShutdownHandler {
      var collection = CollectionHealthLog()
      for await event in mailbox {
        EventLog.log(event, to: logger)
        if case .cycleFinished(let report) = event { collection.record(report, logger: logger) }
      }
    } onGracefulShutdown: {
      events.finish()
    }
  }
}

/// One line when collection turns degraded (a collector cannot run: refused AWS credentials, an
/// unreachable API server) or its reason changes, and one when it is healthy again; nothing while
/// it stays the same.
struct CollectionHealthLog {
  private var problem: String?

  mutating func record(_ report: CycleReport, logger: Logger) {
    let now = report.collectionProblem
    guard now != problem else { return }
    if let now {
      logger.error("collection degraded: \(now)", metadata: ["cycle.sequence": "\(report.sequence)"])
    } else {
      logger.info("collection healthy", metadata: ["cycle.sequence": "\(report.sequence)"])
    }
    problem = now
  }
}

/// How each engine event reads in the log.
public enum EventLog {
  public static func log(_ event: EngineEvent, to logger: Logger) {
    switch event {
    case .started(let start):
      logger.info(
        "kspmbeat started",
        metadata: [
          "benchmark": "\(start.benchmark)", "period": "\(DurationText.format(start.period))", "node": "\(start.node)",
          "host_root": "\(start.hostRoot ?? "none")", "output": "\(start.output)",
        ])
    case .cycleStarted(let sequence, let trigger):
      logger.debug("cycle started", metadata: ["cycle.sequence": "\(sequence)", "cycle.trigger": "\(trigger)"])
    case .cycleFinished(let report): cycleFinished(report, logger: logger)
    case .output(let status): output(status, logger: logger)
    case .leadership(let change): leadership(change, logger: logger)
    case .configuration(.applied(let restarted)):
      logger.info(
        "configuration reloaded",
        metadata: ["restarted": "\(restarted.isEmpty ? "nothing" : restarted.joined(separator: ", "))"])
    case .configuration(.rejected(let reason)):
      logger.error("configuration not reloaded, keeping the previous one: \(reason)")
    case .stopped(let stop):
      if !stop.flushed || stop.undelivered > 0 {
        logger.error(
          "shutdown deadline passed: \(stop.undelivered) findings were not delivered",
          metadata: ["undelivered": "\(stop.undelivered)"])
      }
      logger.info("stopped")
    }
  }

  static func milliseconds(_ duration: Duration) -> Int { Int(duration / .milliseconds(1)) }

  static func cycleFinished(_ report: CycleReport, logger: Logger) {
    var metadata: Logger.Metadata = [
      "cycle.sequence": "\(report.sequence)", "cycle.trigger": "\(report.trigger)",
      "resources": "\(report.resources)", "findings.passed": "\(report.passed)",
      "findings.failed": "\(report.failed)", "findings.not_evaluated": "\(report.notEvaluated)",
      "findings.excepted": "\(report.excepted)",
      "duration_ms": "\(milliseconds(report.duration))",
    ]
    for stage in StageTimes.Stage.allCases {
      metadata["stage.\(stage.rawValue)_ms"] = "\(milliseconds(report.stages[stage]))"
    }
    for outcome in report.outcomes {
      metadata["collector.\(outcome.name).resources"] = "\(outcome.resources)"
      metadata["collector.\(outcome.name).errors"] = "\(outcome.errors)"
    }
    logger.info("cycle finished", metadata: metadata)
    for use in report.exceptions {
      guard let warning = use.expiryWarning else { continue }
      logger.warning(
        "\(warning)",
        metadata: [
          "exception.origin": "\(use.exception.origin)", "exception.owner": "\(use.exception.owner)",
          "cycle.sequence": "\(report.sequence)",
        ])
    }
    for entry in report.summary.notEvaluated {
      let first = entry.examples.first
      logger.warning(
        "rule \(entry.rule.ruleNumber) not evaluated for \(entry.count) resource(s): \(first?.reason ?? "unknown")",
        metadata: [
          "rule.id": "\(entry.rule.id)", "rule.number": "\(entry.rule.ruleNumber)",
          "resource": "\(first?.resource ?? "")", "cycle.sequence": "\(report.sequence)",
        ])
    }
  }

  static func output(_ status: OutputStatus, logger: Logger) {
    switch status.occasion {
    case .healthChange:
      switch status.health {
      case .degraded(let reason):
        logger.warning(
          "output degraded: \(reason)", metadata: ["output": "\(status.output)", "output.queued": "\(status.queued)"])
      case .healthy:
        logger.info("output healthy", metadata: ["output": "\(status.output)", "output.queued": "\(status.queued)"])
      case .starting: break
      }
    case .cycle:
      guard let delta = status.sinceLastCycle, let total = status.total else { return }
      var metadata: Logger.Metadata = [
        "output.delivered": "\(delta.delivered)", "output.duplicates": "\(delta.duplicates)",
        "output.retries": "\(delta.retries)", "output.dropped": "\(delta.dropped)",
        "output.requests": "\(delta.requests)", "output.failed_requests": "\(delta.failedRequests)",
        "output.pending": "\(total.pending)", "output.queued": "\(status.queued)", "output.health": "\(status.health)",
      ]
      if !delta.retryReasons.isEmpty {
        metadata["output.retry_reasons"] = "\(DeliveryStatistics.describe(delta.retryReasons))"
      }
      if !delta.droppedReasons.isEmpty {
        metadata["output.drop_reasons"] = "\(DeliveryStatistics.describe(delta.droppedReasons))"
      }
      if delta.deadLettered > 0 { metadata["output.dead_lettered"] = "\(delta.deadLettered)" }
      if delta.dropped > 0 {
        logger.warning("output summary: \(delta.dropped) findings dropped since the last cycle", metadata: metadata)
      } else {
        logger.info("output summary", metadata: metadata)
      }
    }
  }

  static func leadership(_ change: LeadershipChange, logger: Logger) {
    switch change {
    case .campaigning(let lease, let identity):
      logger.info("leader election", metadata: ["lease": "\(lease)", "identity": "\(identity)"])
    case .acquired: logger.info("became the cluster leader: starting a cluster cycle")
    case .lost: logger.info("no longer the cluster leader")
    case .observed(let identity): logger.info("cluster leader is \(identity)")
    case .standalone(let reason):
      logger.warning("no Kubernetes API access (\(reason)): this process is its own leader and collects node data only")
    }
  }
}
