/// The bounded in-memory queue between the pipeline and the output (`queue.mem`), as libbeat's.
///
/// Read from the top-level `queue.mem` or from the output's own `queue.mem` (not both). Defaults come
/// from the Elasticsearch `preset` when one is chosen, else libbeat's: 3200 events, batches of 1600,
/// 10 s flush timeout.
public struct MemoryQueueConfig: Sendable, Equatable {
  /// Capacity in events (at least 32). Producers wait when it is full.
  public var events: Int
  /// Events the output waits for before taking a batch (at most `events`). When not set it is the
  /// default (1600, or the preset's) but never more than `events`.
  public var flushMinEvents: Int
  /// How long the output waits for `flushMinEvents` before taking what there is; `0`: never waits.
  public var flushTimeout: Duration

  public static let minimumEvents = 32

  public init(events: Int = 3200, flushMinEvents: Int = 1600, flushTimeout: Duration = .seconds(10)) {
    self.events = events
    self.flushMinEvents = flushMinEvents
    self.flushTimeout = flushTimeout
  }
}
