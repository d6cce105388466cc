import KSPMCore

/// How a ``Publisher`` takes batches from the queue (libbeat's memory-queue settings).
public struct PublisherBatching: Sendable, Equatable {
  /// The most documents in one batch.
  public var batchSize: Int
  /// Batches in the output at once (libbeat's hosts × `worker` clients).
  public var workers: Int
  /// A batch is taken when this many documents wait (`flush.min_events`)…
  public var flushMinEvents: Int
  /// …or this long after its first document arrived (`flush.timeout`).
  public var flushTimeout: Duration

  public init(batchSize: Int = 500, workers: Int = 1, flushMinEvents: Int = 1, flushTimeout: Duration = .zero) {
    self.batchSize = max(1, batchSize)
    self.workers = max(1, workers)
    self.flushMinEvents = flushMinEvents
    self.flushTimeout = flushTimeout
  }
}

/// What a publisher does when its output cannot take a batch.
public enum PublisherFailurePolicy: Sendable, Equatable {
  /// Finish the queue and throw: a one-shot scan writing a local file has no one to wait for.
  case stop
  /// Keep the batch and write it again after an exponential backoff (from `initial`, doubling up
  /// to `maximum`) until it is written: findings wait in the queue, producers wait for room, and
  /// nothing is dropped. The daemon and `scan --ship` use this.
  case retry(initial: Duration, maximum: Duration)

  /// libbeat's publisher backoff: 1 s doubling to 60 s.
  public static let standardRetry = PublisherFailurePolicy.retry(initial: .seconds(1), maximum: .seconds(60))
}

/// Drains the bounded queue into an output in batches, until the queue is finished and empty or
/// the task is cancelled.
///
/// A batch the output refuses is retried (or stops the publisher) as the ``PublisherFailurePolicy``
/// says; `onHealthChange` hears of each change between healthy and degraded (with the reason). When
/// the publisher is cancelled, a batch it holds but has not written goes back to the front of the
/// queue, so a replaced output, or the shutdown count of undelivered findings, still sees it.
public struct Publisher: Sendable {
  public let queue: BoundedQueue<FindingDocument>
  public let output: any FindingOutput
  public let batching: PublisherBatching
  public let failurePolicy: PublisherFailurePolicy
  public let onHealthChange: (@Sendable (OutputHealth) -> Void)?

  public init(
    queue: BoundedQueue<FindingDocument>, output: any FindingOutput, batching: PublisherBatching = PublisherBatching(),
    failurePolicy: PublisherFailurePolicy = .stop, onHealthChange: (@Sendable (OutputHealth) -> Void)? = nil
  ) {
    self.queue = queue
    self.output = output
    self.batching = batching
    self.failurePolicy = failurePolicy
    self.onHealthChange = onHealthChange
  }

  public init(
    queue: BoundedQueue<FindingDocument>, output: any FindingOutput, batchSize: Int, workers: Int = 1,
    flushMinEvents: Int = 1, flushTimeout: Duration = .zero
  ) {
    self.init(
      queue: queue, output: output,
      batching: PublisherBatching(
        batchSize: batchSize, workers: workers, flushMinEvents: flushMinEvents, flushTimeout: flushTimeout))
  }

  /// Runs until the queue is finished and drained (or the task is cancelled); returns how many
  /// documents the output took. With the `stop` policy, an output failure finishes the queue (so
  /// producers stop waiting) and is rethrown.
  @discardableResult
  public func run() async throws -> Int {
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<batching.workers {
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
    while let batch = await queue.nextBatch(
      maximum: batching.batchSize, minimum: batching.flushMinEvents, timeout: batching.flushTimeout)
    {
      if Task.isCancelled {
        queue.requeue(batch)
        return written
      }
      guard try await deliver(batch) else { return written }
      written += batch.count
    }
    return written
  }

  /// Writes one batch under the failure policy. `false`: cancelled, and what was not written is
  /// back in the queue.
  private func deliver(_ batch: [FindingDocument]) async throws -> Bool {
    var batch = batch
    var delay: Duration?
    while true {
      do {
        try await output.write(batch)
        if delay != nil { onHealthChange?(.healthy) }
        return true
      } catch {
        var failure: any Error = error
        if let unfinished = error as? UnfinishedWrite {
          // The output resolved part of the batch: only the rest is given back or written again.
          batch = unfinished.remaining
          failure = unfinished.underlying
        }
        if Task.isCancelled || failure is CancellationError {
          queue.requeue(batch)
          return false
        }
        if batch.isEmpty { return true }
        guard case .retry(let initial, let maximum) = failurePolicy else {
          queue.finish()
          throw failure
        }
        onHealthChange?(.degraded("\(failure)"))
        let wait = delay.map { min($0 * 2, maximum) } ?? initial
        delay = wait
        do {
          try await Task.sleep(for: wait)
        } catch {
          queue.requeue(batch)
          return false
        }
      }
    }
  }
}
