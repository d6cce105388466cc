import KSPMCore
import Output
import Synchronization

/// The output side of the engine: one bounded queue for the life of the process (findings survive
/// a change of output), the output currently draining it, and its health as followers see it.
public final class Delivery: Sendable {
  public let queue: BoundedQueue<FindingDocument>
  let events: EventBus
  private struct State {
    var output: (any FindingOutput)?
    var name = "none"
    var health = OutputHealth.starting
    var lastReported = DeliveryStatistics()
  }
  private let state = Mutex(State())

  public init(capacity: Int, events: EventBus) {
    queue = BoundedQueue(capacity: capacity)
    self.events = events
  }

  /// The output in use (`elasticsearch`, `file`, `console`; `none` before one is set up).
  public var outputName: String { state.withLock { $0.name } }

  /// The output's health as last reported.
  public var health: OutputHealth { state.withLock { $0.health } }

  /// Counters of the output in use, for outputs that keep them.
  public var statistics: DeliveryStatistics? { state.withLock { $0.output }?.deliveryStatistics }

  /// `output` (named `name`) drains the queue from now on; its counters start afresh.
  func attach(_ output: (any FindingOutput)?, name: String) {
    state.withLock { s in
      s.output = output
      s.name = name
      s.lastReported = DeliveryStatistics()
    }
  }

  /// Records a health change and tells followers, once per change.
  public func healthChanged(_ health: OutputHealth) {
    let status: OutputStatus? = state.withLock { s in
      guard s.health != health else { return nil }
      s.health = health
      return OutputStatus(
        occasion: .healthChange, output: s.name, health: health, queued: queue.count,
        total: s.output?.deliveryStatistics)
    }
    if let status { events.publish(.output(status)) }
  }

  /// Tells followers what the output did since the previous cycle.
  public func reportCycle() {
    let status = state.withLock { s in
      let total = s.output?.deliveryStatistics
      var delta: DeliveryStatistics?
      if let total {
        delta = total.since(s.lastReported)
        s.lastReported = total
      }
      return OutputStatus(
        occasion: .cycle, output: s.name, health: s.health, queued: queue.count, sinceLastCycle: delta, total: total)
    }
    events.publish(.output(status))
  }

  /// Findings neither written nor acknowledged: waiting in the queue or in the output's hands.
  public var undelivered: Int { queue.count + (statistics?.pending ?? 0) }
}
