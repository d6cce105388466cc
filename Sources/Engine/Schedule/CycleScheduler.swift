import Foundation
import Synchronization

/// What reaches a running scheduler from outside.
public enum SchedulerSignal: Sendable, Equatable {
  /// Start this cycle now, between the periodic ones (`.leadership`: a cluster-only cycle).
  case cycle(CycleTrigger)
  /// The period changed (``SchedulePeriod``): the next periodic cycle is re-timed from the last one.
  case periodChanged
}

/// The time between the starts of two periodic cycles; a reload may change it while the scheduler runs.
public final class SchedulePeriod: Sendable {
  private let value: Mutex<Duration>

  public init(_ period: Duration) {
    precondition(period > .zero, "period must be positive")
    value = Mutex(period)
  }

  public var current: Duration { value.withLock { $0 } }

  public func set(_ period: Duration) {
    precondition(period > .zero, "period must be positive")
    value.withLock { $0 = period }
  }
}

/// Runs benchmark cycles: the first after a settle delay, then one every `period` counted from the
/// start of the previous *periodic* cycle, never two at once. A cycle that takes longer than the
/// period is reported and the next one starts as soon as it ends.
///
/// Extra cycles asked for by a signal (becoming leader) run in between and never move the periodic
/// ones: node findings keep coming one period apart however often leadership changes.
public struct CycleScheduler: Sendable {
  public let period: SchedulePeriod
  public var settleDelay: Duration

  public init(period: SchedulePeriod, settleDelay: Duration) {
    self.period = period
    self.settleDelay = settleDelay
  }

  public init(period: Duration, settleDelay: Duration) {
    self.init(period: SchedulePeriod(period), settleDelay: settleDelay)
  }

  /// Runs until cancelled. `cycle` receives the trigger and the cycle's sequence (Unix seconds of
  /// its start). `overrun` is told when a periodic cycle outlasted the period. `signals` start extra
  /// cycles or re-time the next one; several signals during a cycle start one extra cycle each,
  /// in order. The first cycle (`first`) covers whatever was signalled while settling.
  public func run(
    signals: Mailbox<SchedulerSignal>? = nil, first: CycleTrigger = .first,
    overrun: @Sendable (Duration) -> Void = { _ in },
    cycle: @Sendable (CycleTrigger, Int64) async -> Void
  ) async {
    let clock = ContinuousClock()
    if settleDelay > .zero {
      do { try await Task.sleep(for: settleDelay) } catch { return }
    }
    var signals = signals
    // The first cycle reads everything, so what was signalled while settling is covered.
    while signals?.poll() != nil {}
    var carried: [SchedulerSignal] = []
    var trigger = first
    var lastPeriodicStart = clock.now
    while !Task.isCancelled {
      let started = clock.now
      await cycle(trigger, Int64(Date().timeIntervalSince1970))
      if Task.isCancelled { return }
      if !trigger.clusterOnly {
        lastPeriodicStart = started
        let elapsed = clock.now - started
        if elapsed > period.current { overrun(elapsed) }
      }
      // Wait for the next periodic cycle, or an extra one.
      waiting: while true {
        let deadline = lastPeriodicStart + period.current
        if clock.now >= deadline {
          trigger = .period
          break waiting
        }
        let wake: Wake
        if carried.isEmpty {
          let (first, leftover) = await Self.wait(for: signals, until: deadline)
          wake = first
          carried += leftover
        } else {
          wake = .signal(carried.removeFirst())
        }
        switch wake {
        case .deadline, .signal(.periodChanged): continue waiting
        case .signal(.cycle(let extra)):
          trigger = extra
          break waiting
        case .ended: signals = nil
        case .cancelled: return
        }
      }
    }
  }

  private enum Wake: Sendable {
    case deadline
    case signal(SchedulerSignal)
    case ended
    case cancelled
  }

  /// The first of: `deadline`, a signal, the end of the signals, cancellation; plus a signal that
  /// arrived as the wait ended, so none is lost.
  private static func wait(for signals: Mailbox<SchedulerSignal>?, until deadline: ContinuousClock.Instant) async
    -> (Wake, [SchedulerSignal])
  {
    await withTaskGroup(of: Wake?.self) { group in
      group.addTask {
        do {
          try await Task.sleep(until: deadline, clock: ContinuousClock())
          return .deadline
        } catch {
          return nil
        }
      }
      if let signals {
        group.addTask {
          if let signal = await signals.next() { return .signal(signal) }
          return Task.isCancelled ? nil : .ended
        }
      }
      var wake: Wake?
      var leftover: [SchedulerSignal] = []
      while let outcome = await group.next() {
        guard let outcome else { continue }
        if wake == nil {
          wake = outcome
          group.cancelAll()
        } else if case .signal(let signal) = outcome {
          leftover.append(signal)
        }
      }
      if Task.isCancelled { return (.cancelled, []) }
      return (wake ?? .cancelled, leftover)
    }
  }
}
