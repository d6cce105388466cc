import KSPMCore

/// Drains the bounded queue into an output in batches, until the queue is finished and empty.
public struct Publisher: Sendable {
  public let queue: BoundedQueue<FindingDocument>
  public let output: any FindingOutput
  public let batchSize: Int

  public init(queue: BoundedQueue<FindingDocument>, output: any FindingOutput, batchSize: Int = 500) {
    self.queue = queue
    self.output = output
    self.batchSize = max(1, batchSize)
  }

  /// Runs until the queue is finished; returns how many documents were written.
  /// If the output fails, the queue is finished (so producers stop waiting) and the error rethrown.
  @discardableResult
  public func run() async throws -> Int {
    var written = 0
    while let first = await queue.next() {
      var batch = [first]
      batch.append(contentsOf: queue.drain(upTo: batchSize - 1))
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
