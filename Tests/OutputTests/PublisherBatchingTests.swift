import KSPMCore
import Output
import Synchronization
import Testing

/// Records the batches it is given; optionally holds each write until `release()`.
final class RecordingOutput: FindingOutput {
  private let state = Mutex<(batches: [[String]], inFlight: Int, maxInFlight: Int)>(([], 0, 0))
  let holdUntilConcurrent: Int

  init(holdUntilConcurrent: Int = 0) { self.holdUntilConcurrent = holdUntilConcurrent }

  func write(_ documents: [FindingDocument]) async throws {
    state.withLock {
      $0.inFlight += 1
      $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
    }
    // Wait (bounded) until enough writes overlap, to observe concurrency.
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(5)
    while holdUntilConcurrent > 0, state.withLock({ $0.maxInFlight }) < holdUntilConcurrent, clock.now < deadline {
      try await Task.sleep(for: .milliseconds(5))
    }
    state.withLock {
      $0.inFlight -= 1
      $0.batches.append(documents.map(\.id))
    }
  }
  func close() async throws {}
  var deliveryStatistics: DeliveryStatistics? { nil }
  var health: OutputHealth { .healthy }

  var batches: [[String]] { state.withLock { $0.batches } }
  var maxInFlight: Int { state.withLock { $0.maxInFlight } }
}

@Suite struct PublisherBatchingTests {
  @Test func batchesFillUpToTheMinimumBeforeTheyAreSent() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 64)
    let output = RecordingOutput()
    let publisher = Publisher(
      queue: queue, output: output, batchSize: 10, flushMinEvents: 10, flushTimeout: .seconds(30))
    async let written = publisher.run()
    for i in 0..<25 { await queue.send(sampleDocument(i)) }
    queue.finish()
    #expect(try await written == 25)
    #expect(output.batches.map(\.count) == [10, 10, 5])
    #expect(output.batches.flatMap { $0 } == (0..<25).map { "doc-\($0)" })
  }

  @Test func aPartialBatchWaitsForTheFlushTimeoutThenGoes() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 64)
    let output = RecordingOutput()
    let publisher = Publisher(
      queue: queue, output: output, batchSize: 10, flushMinEvents: 10, flushTimeout: .milliseconds(300))
    let run = Task { try await publisher.run() }
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<3 { await queue.send(sampleDocument(i)) }
    // Generous: on a loaded 2-core machine the timer may fire late; what matters is that it is not early.
    while output.batches.isEmpty, clock.now - start < .seconds(60) { try await Task.sleep(for: .milliseconds(5)) }
    let waited = clock.now - start
    #expect(output.batches.map(\.count) == [3])
    #expect(waited >= .milliseconds(300), "sent after \(waited), before the flush timeout")
    queue.finish()
    _ = try await run.value
  }

  @Test func finishingTheQueueFlushesAPartialBatchAtOnce() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 64)
    let output = RecordingOutput()
    let publisher = Publisher(
      queue: queue, output: output, batchSize: 100, flushMinEvents: 100, flushTimeout: .seconds(60))
    let clock = ContinuousClock()
    let start = clock.now
    async let written = publisher.run()
    for i in 0..<7 { await queue.send(sampleDocument(i)) }
    queue.finish()
    #expect(try await written == 7)
    #expect(clock.now - start < .seconds(30))
  }

  @Test func workersWriteBatchesConcurrently() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 64)
    let output = RecordingOutput(holdUntilConcurrent: 3)
    let publisher = Publisher(queue: queue, output: output, batchSize: 4, workers: 3)
    async let written = publisher.run()
    for i in 0..<12 { await queue.send(sampleDocument(i)) }
    queue.finish()
    #expect(try await written == 12)
    #expect(output.maxInFlight == 3)
    #expect(Set(output.batches.flatMap { $0 }) == Set((0..<12).map { "doc-\($0)" }))
  }
}
