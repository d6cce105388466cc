import Findings
import Foundation
import KSPMCore
import Logging
import Output
import ServiceLifecycle

/// Runs the cycles: a scheduler over a ``CycleAssembly`` built from the current plan, feeding the
/// delivery's queue, reporting each cycle on the event stream.
///
/// A new plan (another benchmark, kubeconfig, host root, namespace) cancels the cycle in progress,
/// rebuilds the assembly and starts a full cycle at once. A new period only re-times the next
/// cycle (counted from the last periodic one). Shutdown cancels the cycle in progress; what it had
/// queued stays queued for the delivery's flush.
public struct SchedulerService: Service, CustomStringConvertible {
  public let plans: Mailbox<CyclePlan>
  public let periods: Mailbox<Duration>
  public let signals: Mailbox<SchedulerSignal>
  public let delivery: Delivery
  public let leadership: Leadership
  public let events: EventBus
  public let logger: Logger
  /// Wait before the very first cycle, so leader election can settle (2 × retry period).
  public let settleDelay: Duration
  public let ephemeralID: String

  public init(
    plans: Mailbox<CyclePlan>, periods: Mailbox<Duration>, signals: Mailbox<SchedulerSignal>, delivery: Delivery,
    leadership: Leadership, events: EventBus, logger: Logger, settleDelay: Duration,
    ephemeralID: String = NameBasedUUID.random()
  ) {
    self.plans = plans
    self.periods = periods
    self.signals = signals
    self.delivery = delivery
    self.leadership = leadership
    self.events = events
    self.logger = logger
    self.settleDelay = settleDelay
    self.ephemeralID = ephemeralID
  }

  public var description: String { "SchedulerService" }

  public func run() async throws {
    guard let firstPeriod = await periods.next() else { return }
    let period = SchedulePeriod(firstPeriod)
    let started = Mailbox<Bool>(policy: .latest)
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        // Period changes re-time the running scheduler; they never restart it.
        while let next = await periods.next() {
          period.set(next)
          signals.put(.periodChanged)
        }
        await waitForCancellation()
      }
      group.addTask {
        await followSettings(plans) { plan in
          let first = started.poll() == nil
          started.put(true)
          await runCycles(plan, period: period, first: first)
        }
      }
      await group.next()
      group.cancelAll()
    }
  }

  /// Cycles for one plan, until cancelled.
  func runCycles(_ plan: CyclePlan, period: SchedulePeriod, first: Bool) async {
    let diagnostics = LoggingDiagnostics(logger: logger)
    let assembly = await CycleAssembly(plan: plan, ephemeralID: ephemeralID, diagnostics: diagnostics)
    if first {
      events.publish(
        .started(
          EngineStart(
            benchmark: plan.benchmark.info.id, period: period.current, node: assembly.nodeName,
            hostRoot: assembly.hostRoot?.path, output: delivery.outputName,
            agentID: assembly.agentID)))
    }
    let scheduler = CycleScheduler(period: period, settleDelay: first ? settleDelay : .zero)
    let isLeader: @Sendable () -> Bool = { [leadership] in leadership.isLeader }
    await scheduler.run(
      signals: signals, first: first ? .first : .reconfigured,
      overrun: { elapsed in
        logger.warning(
          "cycle took longer than the period; the next one starts now",
          metadata: [
            "duration_ms": "\(Int(elapsed / .milliseconds(1)))", "period": "\(DurationText.format(period.current))",
          ])
      }
    ) { trigger, sequence in
      events.publish(.cycleStarted(sequence: sequence, trigger: trigger))
      let report = await assembly.run(
        trigger: trigger, sequence: sequence, queue: delivery.queue, diagnostics: diagnostics, isLeader: isLeader)
      if Task.isCancelled { return }
      events.publish(.cycleFinished(report))
      delivery.reportCycle()
    }
    await assembly.shutdown()
  }
}

/// Diagnostics for the daemon: each problem is a log line.
public struct LoggingDiagnostics: ScanDiagnostics {
  public let logger: Logger

  public init(logger: Logger) { self.logger = logger }

  public func warning(collector: String, subject: String, message: String) {
    logger.warning("\(subject): \(message)", metadata: ["collector": "\(collector)"])
  }

  public func info(collector: String, message: String) {
    logger.debug("\(message)", metadata: ["collector": "\(collector)"])
  }
}
