import KSPMCore
import Output

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
