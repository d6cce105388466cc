import Synchronization

/// Where a cycle's time went, summed over its concurrent collectors: reading and parsing resources,
/// evaluating them, encoding findings, and waiting for room in the queue (the output's pace).
public struct StageTimes: Sendable, Equatable {
  /// A stage of the pipeline.
  public enum Stage: String, Sendable, CaseIterable {
    /// Collectors reading and parsing (files, processes, API pages, manifests).
    case collect
    case evaluate
    case encode
    /// Waiting for the output (backpressure).
    case queue
  }

  public var collect: Duration = .zero
  public var evaluate: Duration = .zero
  public var encode: Duration = .zero
  public var queue: Duration = .zero

  public init() {}

  public subscript(stage: Stage) -> Duration {
    get {
      switch stage {
      case .collect: collect
      case .evaluate: evaluate
      case .encode: encode
      case .queue: queue
      }
    }
    set {
      switch stage {
      case .collect: collect = newValue
      case .evaluate: evaluate = newValue
      case .encode: encode = newValue
      case .queue: queue = newValue
      }
    }
  }
}

/// Accumulates ``StageTimes`` from concurrent collectors.
public final class StageClock: Sendable {
  private let times = Mutex(StageTimes())

  public init() {}

  public func add(_ stage: StageTimes.Stage, _ duration: Duration) {
    guard duration > .zero else { return }
    times.withLock { $0[stage] += duration }
  }

  public var totals: StageTimes { times.withLock { $0 } }
}
