/// libbeat's Elasticsearch output presets (`output.elasticsearch.preset`).
///
/// A preset supplies defaults for the keys it lists; unlike libbeat (where the preset wins and a
/// warning is logged), a setting written explicitly in the configuration overrides the preset's value.
public enum ElasticsearchPreset: String, Sendable, CaseIterable {
  /// libbeat's `custom` (and the default here): no preset values, the plain defaults.
  case custom
  /// Fleet's default; the same values as the plain defaults.
  case balanced
  /// More workers and a bigger queue.
  case throughput
  /// Fewer connections held open, longer backoff: many agents against one cluster.
  case scale
  /// Small batches, short flush timeout.
  case latency

  /// The values a preset sets; `nil` leaves the plain default.
  public struct Values: Sendable, Equatable {
    public var bulkMaxSize: Int?
    public var workers: Int?
    public var queue: MemoryQueueConfig?
    public var compressionLevel: Int?
    public var idleConnectionTimeout: Duration?
    public var backoffInit: Duration?
    public var backoffMax: Duration?
  }

  /// The documented values (agent-and-output.md B.2).
  public var values: Values {
    switch self {
    case .custom:
      return Values()
    case .balanced:
      return Values(
        bulkMaxSize: 1600, workers: 1,
        queue: MemoryQueueConfig(events: 3200, flushMinEvents: 1600, flushTimeout: .seconds(10)),
        compressionLevel: 1, idleConnectionTimeout: .seconds(3))
    case .throughput:
      return Values(
        bulkMaxSize: 1600, workers: 4,
        queue: MemoryQueueConfig(events: 12800, flushMinEvents: 1600, flushTimeout: .seconds(5)),
        compressionLevel: 1, idleConnectionTimeout: .seconds(15))
    case .scale:
      return Values(
        bulkMaxSize: 1600, workers: 1,
        queue: MemoryQueueConfig(events: 3200, flushMinEvents: 1600, flushTimeout: .seconds(20)),
        compressionLevel: 1, idleConnectionTimeout: .seconds(1), backoffInit: .seconds(5), backoffMax: .seconds(300))
    case .latency:
      return Values(
        bulkMaxSize: 50, workers: 1,
        queue: MemoryQueueConfig(events: 4100, flushMinEvents: 2050, flushTimeout: .seconds(1)),
        compressionLevel: 1, idleConnectionTimeout: .seconds(60))
    }
  }
}
