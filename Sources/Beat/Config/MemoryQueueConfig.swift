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

extension MemoryQueueConfig {
  /// Reads a `queue` section (holding `mem`); `defaults` are the preset's or libbeat's values.
  static func read(_ queue: ConfigSection?, defaults: MemoryQueueConfig) throws(ConfigError) -> MemoryQueueConfig {
    guard let queue else { return defaults }
    queue.warnUnknown(["mem"])
    guard let mem = try queue.section("mem") else { return defaults }
    mem.warnUnknown(["events", "flush"])
    var config = defaults
    if let events = try mem.int("events") {
      guard events >= minimumEvents else { throw mem.error("events", "\(events) is less than \(minimumEvents)") }
      config.events = events
    }
    config.flushMinEvents = min(defaults.flushMinEvents, config.events)
    if let flush = try mem.section("flush") {
      flush.warnUnknown(["min_events", "timeout"])
      if let minEvents = try flush.int("min_events") {
        guard minEvents >= 0 else { throw flush.error("min_events", "must not be negative") }
        guard minEvents <= config.events else {
          throw flush.error("min_events", "\(minEvents) is more than queue.mem.events (\(config.events))")
        }
        config.flushMinEvents = minEvents
      }
      if let timeout = try flush.duration("timeout") {
        guard timeout >= .zero else { throw flush.error("timeout", "must not be negative") }
        config.flushTimeout = timeout
      }
    }
    return config
  }
}
