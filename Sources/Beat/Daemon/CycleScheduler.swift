import Foundation
import Synchronization

/// Runs benchmark cycles: the first after a settle delay, then one every `period` counted from
/// the start of the previous cycle, never two at once. A cycle that takes longer than the period
/// is reported and the next one starts as soon as it ends. Becoming leader asks for a cycle at
/// once (a new leader fills the gap a failed one leaves instead of waiting a whole period).
public struct CycleScheduler: Sendable {
  /// Why a cycle starts.
  public enum Trigger: Sendable, Equatable {
    case first
    case period
    /// This process just became the cluster leader.
    case leadership
  }

  public var period: Duration
  public var settleDelay: Duration

  public init(period: Duration, settleDelay: Duration) {
    precondition(period > .zero, "period must be positive")
    self.period = period
    self.settleDelay = settleDelay
  }

  /// Runs until cancelled. `cycle` receives the trigger and the cycle's sequence (Unix seconds of
  /// its start). `overrun` is told when a cycle outlasted the period. `wakeups` (for example
  /// leadership gained) start a cycle early; several wakeups during a cycle start just one.
  public func run(
    wakeups: AsyncStream<Trigger>? = nil,
    overrun: @Sendable (Duration) -> Void = { _ in },
    cycle: @Sendable (Trigger, Int64) async -> Void
  ) async {
    let pending = PendingTrigger()
    let listener = Task {
      guard let wakeups else { return }
      for await trigger in wakeups {
        pending.offer(trigger)
      }
    }
    defer { listener.cancel() }

    if settleDelay > .zero {
      try? await Task.sleep(for: settleDelay)
    }
    _ = pending.take()  // the first cycle covers whatever happened while settling
    var trigger = Trigger.first
    let clock = ContinuousClock()
    while !Task.isCancelled {
      let started = clock.now
      await cycle(trigger, Int64(Date().timeIntervalSince1970))
      let elapsed = clock.now - started
      if Task.isCancelled { return }
      if elapsed > period {
        overrun(elapsed)
        trigger = pending.take() ?? .period
        continue
      }
      trigger = await waitUntil(started + period, pending: pending)
    }
  }

  /// Sleeps until `deadline` or an early wakeup, whichever comes first (wakeups are noticed
  /// within ``pollInterval``).
  private func waitUntil(_ deadline: ContinuousClock.Instant, pending: PendingTrigger) async -> Trigger {
    let clock = ContinuousClock()
    while !Task.isCancelled {
      if let early = pending.take() { return early }
      let now = clock.now
      if now >= deadline { return .period }
      let step = min(deadline - now, Self.pollInterval)
      try? await Task.sleep(for: step)
    }
    return .period
  }

  /// How often a waiting scheduler looks for an early wakeup.
  static let pollInterval: Duration = .milliseconds(50)
}

/// The early trigger waiting for the scheduler, if any (the first one offered wins).
final class PendingTrigger: Sendable {
  private let value = Mutex<CycleScheduler.Trigger?>(nil)

  func offer(_ trigger: CycleScheduler.Trigger) { value.withLock { $0 = $0 ?? trigger } }

  func take() -> CycleScheduler.Trigger? {
    value.withLock { v in
      defer { v = nil }
      return v
    }
  }
}
