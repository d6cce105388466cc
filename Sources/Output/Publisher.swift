import KSPMCore

/// Drains the bounded queue into an output in batches, until the queue is finished and empty.
///
/// `workers` batches may be in the output at once (libbeat's hosts × `worker` clients). A batch is
/// taken when `flushMinEvents` documents are waiting or `flushTimeout` has passed since its first one
/// arrived (libbeat's `queue.mem.flush.*`); a finished queue is flushed at once.
public struct Publisher: Sendable {
  public let queue: BoundedQueue<FindingDocument>
  public let output: any FindingOutput
  public let batchSize: Int
  public let workers: Int
  public let flushMinEvents: Int
  public let flushTimeout: Duration

  public init(
    queue: BoundedQueue<FindingDocument>, output: any FindingOutput, batchSize: Int = 500, workers: Int = 1,
    flushMinEvents: Int = 1, flushTimeout: Duration = .zero
  ) {
    self.queue = queue
    self.output = output
    self.batchSize = max(1, batchSize)
    self.workers = max(1, workers)
    self.flushMinEvents = flushMinEvents
    self.flushTimeout = flushTimeout
  }

  /// Runs until the queue is finished; returns how many documents were handed to the output.
  /// If the output fails, the queue is finished (so producers stop waiting) and the error rethrown.
  @discardableResult
  public func run() async throws -> Int {
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<workers {
        group.addTask { try await drainQueue() }
      }
      var written = 0
      do {
        for try await count in group { written += count }
      } catch {
        queue.finish()
        group.cancelAll()
        throw error
      }
      return written
    }
  }

  private func drainQueue() async throws -> Int {
    var written = 0
    while let batch = await queue.nextBatch(maximum: batchSize, minimum: flushMinEvents, timeout: flushTimeout) {
      do {
        try await output.write(batch)
      } catch {
        queue.finish()
        throw error
      }
      written += batch.count
    }
    return written
  }
}
