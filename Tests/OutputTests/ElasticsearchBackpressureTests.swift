import Foundation
import KSPMCore
import Output
import TestSupport
import Testing

@Suite struct ElasticsearchBackpressureTests {
  /// While Elasticsearch is down the producers wait: the findings held in memory never exceed the
  /// queue plus the batches in flight. When it comes back, every finding arrives exactly once.
  @Test func producersWaitWhileElasticsearchIsDownAndEverythingArrivesAfterwards() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      await server.goDown()
      let capacity = 100
      let batchSize = 25
      let workers = 2
      let total = 3000
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      let queue = BoundedQueue<FindingDocument>(capacity: capacity)
      let publisher = Publisher(queue: queue, output: output, batchSize: batchSize, workers: workers)
      let sent = LockedValue(0)
      let producer = Task {
        for n in 0..<total {
          await queue.send(findingDocument(n))
          sent.withLock { $0 += 1 }
        }
        queue.finish()
      }
      let publishing = Task { try await publisher.run() }
      // Held in memory = sent to the queue but neither delivered nor dropped yet.
      let bound = capacity + batchSize * workers + 1
      var largestHeld = 0
      func sample() {
        // `sent` first: read after the statistics, it would include findings sent into room that
        // deliveries made after the statistics were read, and overstate what was ever held.
        let sentSoFar = sent.withLock { $0 }
        let stats = output.deliveryStatistics ?? DeliveryStatistics()
        let resolved = stats.delivered + stats.duplicates + stats.dropped + stats.deadLettered
        largestHeld = max(largestHeld, sentSoFar - resolved)
      }
      for _ in 0..<60 {
        sample()
        try await Task.sleep(for: .milliseconds(5))
      }
      #expect(sent.withLock { $0 } <= bound, "the producer must be held back")
      #expect(output.deliveryStatistics?.delivered == 0)
      #expect(output.health.description.contains("connection refused"), "\(output.health)")
      try await server.comeBack()
      let deadline = ContinuousClock.now + .seconds(60)
      while ContinuousClock.now < deadline {
        sample()
        if sent.withLock { $0 } == total, (output.deliveryStatistics?.pending ?? 1) == 0 {
          break
        }
        try await Task.sleep(for: .milliseconds(2))
      }
      await producer.value
      #expect(try await publishing.value == total)
      #expect(largestHeld <= bound, "held \(largestHeld) findings, bound \(bound)")
      #expect(storedExactlyOnce(server, count: total))
      // Failing to connect is not a retry of the documents (libbeat counts no retry either).
      #expect(output.deliveryStatistics?.retries == 0)
      #expect(output.health == .healthy)
      try await output.close()
    }
  }

  @Test func downtimeInTheMiddleOfAStreamLosesNothing() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      let queue = BoundedQueue<FindingDocument>(capacity: 64)
      let publisher = Publisher(queue: queue, output: output, batchSize: 16, workers: 2)
      let publishing = Task { try await publisher.run() }
      for n in 0..<500 { await queue.send(findingDocument(n)) }
      await server.downtime(for: .milliseconds(300))
      for n in 500..<1500 { await queue.send(findingDocument(n)) }
      queue.finish()
      #expect(try await publishing.value == 1500)
      #expect(storedExactlyOnce(server, count: 1500))
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered + stats.duplicates == 1500)
      #expect(stats.dropped == 0)
      try await output.close()
    }
  }

  @Test func cancellingAWriteStopsRetryingAndHandsTheUnresolvedDocumentsBack() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      await server.goDown()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.backoffMax = .seconds(30) }, index: findingsIndex, userAgent: "t",
        logger: LogCapture().logger)
      let writing = Task { try await output.write((0..<40).map { findingDocument($0) }) }
      #expect(try await eventually(timeout: .seconds(30)) { output.health != .starting })
      let clock = ContinuousClock()
      let start = clock.now
      writing.cancel()
      let error = await #expect(throws: UnfinishedWrite.self) { try await writing.value }
      #expect(clock.now - start < .seconds(5), "cancellation must not wait out the backoff")
      #expect(error?.underlying is CancellationError)
      // None was resolved: all 40 come back for the publisher to queue again, none stays pending.
      #expect(error?.remaining.map(\.id) == (0..<40).map { findingDocument($0).id })
      #expect(output.deliveryStatistics?.pending == 0)
      try await output.close()
    }
  }
}
