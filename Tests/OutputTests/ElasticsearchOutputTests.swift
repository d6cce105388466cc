import Foundation
import KSPMCore
import Logging
import Output
import TestSupport
import Testing

@Suite struct ElasticsearchOutputTests {
  @Test func bulkRequestsAreGzippedCreateActionsIntoTheDataStream() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let logs = LogCapture()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "kspmbeat/test", logger: logs.logger)
      let documents = (0..<1000).map { findingDocument($0, padding: 200) }
      #expect(try await ship(documents, to: output, batchSize: 300) == 1000)
      try await output.close()

      #expect(storedExactlyOnce(server, count: 1000))
      let bulk = server.bulkRequests
      #expect(bulk.count == 4)
      for request in bulk {
        #expect(request.method == "POST")
        #expect(request.path == "/_bulk")
        #expect(request.queryValue("filter_path") == "errors,items.*.error,items.*.status")
        #expect(request.headers["content-encoding"] == "gzip")
        #expect(request.headers["accept-encoding"]?.contains("gzip") == true)
        #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(request.headers["x-elastic-uncompressed-request-length"] == String(request.bodyBytes))
        #expect(request.headers["user-agent"] == "kspmbeat/test")
        #expect(request.wireBytes < request.bodyBytes / 4, "gzip should shrink padded findings")
        #expect(Set(request.actions) == ["create"])
        #expect(request.responseCompressed)
      }
      // One GET / before the first bulk request.
      #expect(server.requests.first?.endpoint == .root)
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered == 1000)
      #expect(stats.pending == 0 && stats.dropped == 0 && stats.retries == 0)
      #expect(output.health == .healthy)
      #expect(logs.contains("connected to Elasticsearch 8.17.0"))
    }
  }

  @Test func largeBatchesAreCutAtBulkMaxSize() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.bulkMaxSize = 40 }, index: findingsIndex, userAgent: "t",
        logger: LogCapture().logger)
      try await output.write((0..<100).map { findingDocument($0) })
      #expect(server.bulkRequests.map(\.actionCount) == [40, 40, 20])
      #expect(storedExactlyOnce(server, count: 100))
      try await output.close()
    }
  }

  @Test func everyDocumentArrivesExactlyOnceThroughItemAndRequestFaults() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      // First arrivals of some documents are throttled or fail inside Elasticsearch.
      server.setItemFaultRule { item in
        guard item.arrivalsBefore == 0, let id = item.id, let n = Int(id.dropFirst("finding-".count)) else {
          return nil
        }
        switch n % 10 {
        case 0: return 429
        case 1: return 500
        case 2: return 503
        default: return nil
        }
      }
      server.failNextBulkRequests(count: 2, status: 429)
      server.failNextBulkRequests(count: 1, status: 503)
      server.closeConnectionOnNextBulkRequests(count: 1, mode: .midRequest)
      server.closeConnectionOnNextBulkRequests(count: 1, mode: .afterRequest)
      server.closeConnectionOnNextBulkRequests(count: 1, mode: .afterProcessing)
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      #expect(try await ship((0..<2000).map { findingDocument($0) }, to: output, batchSize: 250, workers: 2) == 2000)

      #expect(storedExactlyOnce(server, count: 2000))
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered + stats.duplicates == 2000)
      #expect(stats.dropped == 0)
      #expect(stats.pending == 0)
      // The request processed before its connection closed comes back as 409s: counted, not stored twice.
      #expect(stats.duplicates > 0)
      #expect(stats.retryReasons.keys.contains { $0.hasPrefix("429") })
      #expect(stats.retryReasons.keys.contains { $0.hasPrefix("500") })
      #expect(stats.retryReasons.keys.contains { $0.hasPrefix("503") })
      #expect(stats.failedRequests >= 6)
      // Throttled documents were really sent again.
      #expect(server.arrivals(index: findingsIndex, id: "finding-10") >= 2)
      #expect(output.health == .healthy)
      try await output.close()
    }
  }

  @Test func refusedDocumentsAreDroppedWithTheirReasonAndTheRestDelivered() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.setItemFaultRule { item in item.id == "finding-3" || item.id == "finding-7" ? 400 : nil }
      let logs = LogCapture()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "t", logger: logs.logger)
      try await output.write((0..<20).map { findingDocument($0) })
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered == 18)
      #expect(stats.dropped == 2)
      #expect(stats.droppedReasons == ["400 document_parsing_exception": 2])
      #expect(stats.retries == 0)
      #expect(server.storedCount(index: findingsIndex) == 18)
      #expect(server.arrivals(index: findingsIndex, id: "finding-3") == 1, "a 400 is never retried")
      #expect(logs.contains("Elasticsearch refused 2 findings; dropped"))
      try await output.close()
    }
  }

  @Test func refusedDocumentsGoToTheDeadLetterIndexWhenConfigured() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.setItemFaultRule { item in item.index == findingsIndex && item.id == "finding-5" ? 400 : nil }
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.nonIndexablePolicy = .deadLetterIndex("kspm-dead-letters") },
        index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      try await output.write((0..<10).map { findingDocument($0) })
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered == 9)
      #expect(stats.deadLettered == 1)
      #expect(stats.pending == 0)
      let letter = try #require(server.document(index: "kspm-dead-letters", id: "finding-5"))
      #expect(letter["error"]?["type"]?.stringValue == "400")
      #expect(letter["error"]?["message"]?.stringValue?.contains("document_parsing_exception") == true)
      let original = try JSONParser.parse(try #require(letter["message"]?.stringValue))
      #expect(original["n"]?.intValue == 5)
      #expect(letter["@timestamp"]?.stringValue != nil)
      try await output.close()
    }
  }

  @Test func tooLargeRequestsAreSplitInHalvesDownToOneDocument() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.maxContentLength = 12_000
    try await ElasticsearchBulkServer.withServer(options) { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server), index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      // 64 documents of ~1.2 KB: ~80 KB per request; halves until ≤ 12 KB (8 documents).
      var documents = (0..<64).map { findingDocument($0, padding: 1000) }
      // One document alone is larger than the limit: it can only be dropped.
      documents.append(findingDocument(64, padding: 20_000))
      try await output.write(documents)
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered == 64)
      #expect(stats.dropped == 1)
      #expect(stats.droppedReasons == ["too large for one bulk request (413)": 1])
      #expect(stats.retries == 0, "splitting is not a retry")
      #expect(server.storedCount(index: findingsIndex) == 64)
      let statuses = server.bulkRequests.map(\.status)
      #expect(statuses.contains(413))
      #expect(server.bulkRequests.filter { $0.status == 200 }.allSatisfy { $0.bodyBytes <= 12_000 })
      try await output.close()
    }
  }

  @Test func maxRetriesBoundsHowLongADocumentIsRetried() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.setItemFaultRule { item in item.id == "finding-1" ? 503 : nil }
      let logs = LogCapture()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.maxRetries = 2 }, index: findingsIndex, userAgent: "t",
        logger: logs.logger)
      try await output.write((0..<3).map { findingDocument($0) })
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered == 2)
      #expect(stats.dropped == 1)
      #expect(stats.droppedReasons.keys.first?.hasPrefix("gave up after 2 retries") == true)
      #expect(server.arrivals(index: findingsIndex, id: "finding-1") == 3)
      #expect(logs.contains("after 2 retries"))
      try await output.close()
    }
  }

  @Test func slowResponsesPastTheTimeoutAreRetriedWithoutDuplicates() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      // Bulk answers come 4 s late; the timeout (which also bounds the `GET /` probe, so it must
      // leave a loaded machine time to answer that) is 1.5 s.
      server.setResponseDelay(.seconds(4))
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.timeout = .milliseconds(1500) }, index: findingsIndex,
        userAgent: "t", logger: LogCapture().logger)
      let writing = Task { try await output.write((0..<50).map { findingDocument($0) }) }
      #expect(try await eventually(timeout: .seconds(60)) { (output.deliveryStatistics?.failedRequests ?? 0) >= 1 })
      if case .degraded(let reason) = output.health {
        #expect(reason.contains("timeout"))
      } else {
        Issue.record("health should be degraded while requests time out, is \(output.health)")
      }
      server.setResponseDelay(nil)
      try await writing.value
      #expect(storedExactlyOnce(server, count: 50))
      let stats = try #require(output.deliveryStatistics)
      #expect(stats.delivered + stats.duplicates == 50)
      // When the first, slow request reached the server, it was stored: the retry sees 409s. (On a
      // loaded machine the timeout can fire before the request is even sent.)
      if server.arrivals(index: findingsIndex, id: "finding-0") >= 2 {
        #expect(stats.duplicates == 50)
      }
      #expect(output.health == .healthy)
      try await output.close()
    }
  }
}
