import Foundation
import KSPMCore
import Logging

/// Builds the configured output and the publisher that feeds it, for every caller (`run`, `scan
/// --ship`, managed mode).
public enum OutputFactory {
  /// The output `output` asks for; documents go to `index` (the findings data stream). A file output
  /// rotates on startup (`rotate_on_startup`) only when `processStart` is true, not on reloads.
  public static func makeOutput(
    _ output: OutputConfig, index: String, userAgent: String, logger: Logger, processStart: Bool = true,
    onHealthChange: (@Sendable (OutputHealth) -> Void)? = nil
  ) throws -> any FindingOutput {
    switch output {
    case .console: return try NDJSONOutput(path: "-")
    case .elasticAgent: throw AgentSuppliedOutputError()
    case .file(let file):
      return RotatingFileOutput(
        folder: file.path, name: file.filename,
        rotation: FileRotation(
          maxBytes: file.rotateEveryKB * 1024, keep: file.numberOfFiles,
          rotateOnStartup: file.rotateOnStartup && processStart,
          permissions: file.permissions))
    case .elasticsearch(let settings):
      return try ElasticsearchOutput(
        config: settings, index: index, userAgent: userAgent, logger: logger, onHealthChange: onHealthChange)
    }
  }

  /// How the publisher batches for `output`: as libbeat's memory queue does for Elasticsearch
  /// (`min(bulk_max_size, flush.min_events)` per batch, `flush.timeout`, one worker per host ×
  /// `worker`); file and console batches are written as they come.
  public static func batching(for output: OutputConfig, queue mem: MemoryQueueConfig) -> PublisherBatching {
    guard case .elasticsearch(let settings) = output else { return PublisherBatching() }
    let batch: Int
    let minimum: Int
    if mem.flushMinEvents <= 1 {
      // libbeat's synchronous mode: no waiting, batches capped at half the queue.
      batch = max(1, min(settings.bulkMaxSize, mem.events / 2))
      minimum = 1
    } else {
      batch = max(1, min(settings.bulkMaxSize, mem.flushMinEvents))
      minimum = batch
    }
    return PublisherBatching(
      batchSize: batch, workers: settings.hosts.count * settings.workers, flushMinEvents: minimum,
      flushTimeout: mem.flushTimeout)
  }
}

/// The output is Elastic Agent's to supply (``OutputConfig/elasticAgent``), and none was given.
public struct AgentSuppliedOutputError: Error, CustomStringConvertible {
  public var description: String {
    "no output: under management.enabled the output comes from Elastic Agent's output unit"
  }
}
