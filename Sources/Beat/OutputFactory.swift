import Foundation
import KSPMCore
import Logging
import Output

/// Builds the configured output and the publisher that feeds it, for `run` and `scan --ship`.
public enum OutputFactory {
  /// The output `config.output` asks for; documents go to `index` (the findings data stream). A file
  /// output rotates on startup (`rotate_on_startup`) only when `processStart` is true, not on reloads.
  public static func makeOutput(
    _ output: OutputConfig, index: String, logger: Logger, processStart: Bool = true,
    onHealthChange: (@Sendable (OutputHealth) -> Void)? = nil
  ) throws -> any FindingOutput {
    switch output {
    case .console: return try NDJSONOutput(path: "-")
    case .file(let file):
      return try RotatingFileOutput(
        folder: file.path, name: file.filename,
        rotation: FileRotation(
          maxBytes: file.rotateEveryKB * 1024, keep: file.numberOfFiles,
          rotateOnStartup: file.rotateOnStartup && processStart,
          permissions: file.permissions))
    case .elasticsearch(let settings):
      return try ElasticsearchOutput(
        config: settings, index: index, userAgent: "kspmbeat/\(Scanner.version)", logger: logger,
        onHealthChange: onHealthChange)
    }
  }

  /// The publisher between `queue` and `output`, batching as libbeat's memory queue does for
  /// Elasticsearch (`min(bulk_max_size, flush.min_events)` per batch, `flush.timeout`, one worker
  /// per host × `worker`), and writing file/console batches as they come.
  public static func publisher(
    queue: BoundedQueue<FindingDocument>, output: any FindingOutput, config: KSPMBeatConfig
  ) -> Publisher {
    guard case .elasticsearch(let settings) = config.output else {
      return Publisher(queue: queue, output: output)
    }
    let mem = config.queue
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
    return Publisher(
      queue: queue, output: output, batchSize: batch, workers: settings.hosts.count * settings.workers,
      flushMinEvents: minimum, flushTimeout: mem.flushTimeout)
  }
}
