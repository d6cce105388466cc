import AsyncHTTPClient
import Foundation
import KSPMCore
import NIOCore
import Output
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Elasticsearch bulk test server itself, driven by AsyncHTTPClient (and raw TCP for bytes
/// no client sends).
@Suite struct ElasticsearchBulkServerTests {
  // MARK: Root and routing

  @Test func rootAnswersWithTheVersionAndTheProductHeader() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let root = try await send(client, server.url + "/", method: "GET", contentType: nil)
        #expect(root.status == 200)
        #expect(root.header("X-Elastic-Product") == "Elasticsearch")
        #expect(root.json?[path: "version", "number"] == "8.17.0")
        #expect(root.json?["tagline"] == "You Know, for Search")
        #expect(root.json?["cluster_uuid"]?.stringValue?.isEmpty == false)
        let head = try await send(client, server.url + "/", method: "HEAD", contentType: nil)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let unknown = try await send(client, server.url + "/_cat/indices", method: "GET", contentType: nil)
        #expect(unknown.status == 400)
        let wrongMethod = try await send(client, server.url + "/_bulk", method: "GET", contentType: nil)
        #expect(wrongMethod.status == 405)
      }
      #expect(server.requests.first?.endpoint == .root)
    }
  }

  @Test func aPathPrefixIsRequiredWhenConfigured() async throws {
    try await ElasticsearchBulkServer.withServer(.init(pathPrefix: "/es/")) { server in
      try await withHTTPClient { client in
        let body = ndjson([action(id: "1"), finding(1)])
        let prefixed = try await send(client, server.url + "/es/_bulk?refresh=false", body: body)
        #expect(prefixed.status == 200)
        #expect(try await send(client, server.url + "/es", method: "GET", contentType: nil).status == 200)
        #expect(try await send(client, server.url + "/_bulk", body: body).status == 400)
      }
      #expect(server.bulkRequests.first?.path == "/es/_bulk")
      #expect(server.bulkRequests.first?.queryValue("refresh") == "false")
      #expect(server.storedCount(index: findingsStream) == 1)
    }
  }

  // MARK: Bulk semantics

  @Test func createTwiceIsCreatedThenConflictAndStoredOnce() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let body = ndjson([action(id: "f-1"), finding(1)])
        let first = try await send(client, server.url + "/_bulk", body: body)
        #expect(first.status == 200)
        #expect(first.json?["errors"] == false)
        let created = try #require(first.item(0))
        #expect(created["status"] == 201)
        #expect(created["result"] == "created")
        #expect(created["_id"] == "f-1")
        #expect(created["_version"] == 1)
        #expect(created["_seq_no"] == 0)
        #expect(created["_index"]?.stringValue?.hasPrefix(".ds-\(findingsStream)-") == true)
        let second = try await send(client, server.url + "/_bulk", body: body)
        #expect(second.json?["errors"] == true)
        #expect(second.item(0)?["status"] == 409)
        #expect(second.item(0)?[path: "error", "type"] == "version_conflict_engine_exception")
      }
      #expect(server.storedCount(index: findingsStream) == 1)
      #expect(server.arrivals(id: "f-1") == 2)
      #expect(server.arrivals(index: findingsStream, id: "f-1") == 2)
      #expect(server.document(index: findingsStream, id: "f-1")?[path: "rule", "id"] == "rule-1")
      #expect(server.bulkRequests.map(\.itemStatuses) == [[201], [409]])
      #expect(server.bulkRequests.first?.actions == ["create"])
    }
  }

  @Test func idsAreGeneratedAndTheTargetComesFromThePath() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let body = ndjson([action(index: nil), finding(1), action(index: nil), finding(2)])
        let reply = try await send(client, server.url + "/\(findingsStream)/_bulk", body: body)
        #expect(reply.itemStatuses() == [201, 201])
        let ids = [reply.item(0)?["_id"]?.stringValue, reply.item(1)?["_id"]?.stringValue].compactMap { $0 }
        #expect(Set(ids).count == 2)
        #expect(server.storedIDs(index: findingsStream) == ids)
        let missing = try await send(client, server.url + "/_bulk", body: ndjson([action(index: nil), finding(3)]))
        #expect(missing.status == 400)
        #expect(missing.json?[path: "error", "type"] == "action_request_validation_exception")
      }
    }
  }

  @Test func dataStreamsTakeOnlyCreateWithATimestampAndMatchingFields() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        var noTimestamp = try #require(finding(2).objectValue)
        noTimestamp["@timestamp"] = nil
        var badTimestamp = try #require(finding(6).objectValue)
        badTimestamp["@timestamp"] = "yesterday"
        var wrongDataset = try #require(finding(3).objectValue)
        wrongDataset["data_stream"] = ["type": "logs", "dataset": "other", "namespace": "default"]
        let body = ndjson([
          action("index", id: "1"), finding(1),
          action(id: "2"), .object(noTimestamp),
          action(id: "3"), .object(wrongDataset),
          action(id: "4"), finding(4),
          action("index", index: "plain-index", id: "5"), ["no": "timestamp needed"],
          action(id: "6"), .object(badTimestamp),
        ])
        let reply = try await send(client, server.url + "/_bulk", body: body)
        #expect(reply.status == 200)
        #expect(reply.json?["errors"] == true)
        #expect(reply.item(0, "index")?["status"] == 400)
        #expect(reply.item(0, "index")?[path: "error", "type"] == "illegal_argument_exception")
        #expect(
          reply.item(0, "index")?[path: "error", "reason"]
            == "only write ops with an op_type of create are allowed in data streams")
        #expect(reply.item(1)?[path: "error", "type"] == "document_parsing_exception")
        #expect(reply.item(2)?["status"] == 400)
        #expect(reply.item(2)?[path: "error", "reason"]?.stringValue?.contains("[data_stream.dataset]") == true)
        #expect(reply.item(3)?["status"] == 201)
        #expect(reply.item(4, "index")?["status"] == 201)
        #expect(reply.item(5)?[path: "error", "type"] == "document_parsing_exception")
      }
      #expect(server.storedIDs(index: findingsStream) == ["4"])
      #expect(server.storedIDs(index: "plain-index") == ["5"])
      #expect(server.indices == [findingsStream, "plain-index"])
    }
  }

  @Test func plainIndicesTakeIndexUpdateAndDelete() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let url = server.url + "/plain/_bulk"
        let first = try await send(
          client, url,
          body: ndjson([
            action("index", index: nil, id: "1"), ["a": 1, "nested": ["x": 1]],
            action("index", index: nil, id: "1"), ["a": 2, "nested": ["x": 1]],
            action("update", index: nil, id: "1"), ["doc": ["nested": ["y": 2]]],
            action("update", index: nil, id: "1"), ["doc": ["nested": ["y": 2]]],
            action("update", index: nil, id: "2"), ["doc": ["b": 1]],
            action("update", index: nil, id: "3"), ["doc": ["c": 1], "doc_as_upsert": true],
            action("delete", index: nil, id: "3"),
            action("delete", index: nil, id: "3"),
          ]))
        let items = first.json?["items"]?.arrayValue ?? []
        let summary = zip(["index", "index", "update", "update", "update", "update", "delete", "delete"], items).map {
          "\($0.0) \($0.1[$0.0]?["status"]?.intValue ?? 0) \($0.1[$0.0]?["result"]?.stringValue ?? "-")"
        }
        #expect(
          summary == [
            "index 201 created", "index 200 updated", "update 200 updated", "update 200 noop", "update 404 -",
            "update 201 created", "delete 200 deleted", "delete 404 not_found",
          ])
        #expect(first.json?["errors"] == true)
        #expect(items[4]["update"]?[path: "error", "type"] == "document_missing_exception")
      }
      #expect(server.document(index: "plain", id: "1") == ["a": 2, "nested": ["x": 1, "y": 2]])
      #expect(server.documentVersion(index: "plain", id: "1") == 3)
      #expect(server.storedIDs(index: "plain") == ["1"])
      #expect(server.bulkRequests.first?.actions.count == 8)
    }
  }

  @Test func concurrentCreatesOfOneIDStoreItOnce() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let statuses = try await withThrowingTaskGroup(of: [Int64].self) { group in
          for worker in 0..<8 {
            group.addTask {
              let body = ndjson([action(id: "same"), finding(0), action(id: "own-\(worker)"), finding(worker)])
              return try await send(client, server.url + "/_bulk", body: body).itemStatuses()
            }
          }
          var all: [[Int64]] = []
          for try await statuses in group { all.append(statuses) }
          return all
        }
        #expect(statuses.map { $0[0] }.sorted() == [201] + Array(repeating: 409, count: 7))
        #expect(statuses.allSatisfy { $0[1] == 201 })
      }
      #expect(server.storedCount(index: findingsStream) == 9)
      #expect(server.arrivals(id: "same") == 8)
    }
  }

  @Test func aDocumentThatIsNotJSONFailsOnlyItsItem() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        var body = ndjson([action(id: "1")])
        body += Array(#"{"@timestamp": "2025-01-30T12:34:56Z", "broken": }"#.utf8) + [UInt8(ascii: "\n")]
        body += ndjson([action(id: "2"), finding(2)])
        let reply = try await send(client, server.url + "/_bulk", body: body)
        #expect(reply.itemStatuses() == [400, 201])
        #expect(reply.item(0)?[path: "error", "type"] == "document_parsing_exception")
      }
      #expect(server.storedIDs(index: findingsStream) == ["2"])
    }
  }

  @Test func framingAndActionLinesAreCheckedForTheWholeRequest() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let url = server.url + "/_bulk"
        var unterminated = ndjson([action(id: "1"), finding(1)])
        unterminated.removeLast()
        let noNewline = try await send(client, url, body: unterminated)
        #expect(noNewline.status == 400)
        #expect(noNewline.json?[path: "error", "type"] == "illegal_argument_exception")
        #expect(noNewline.json?[path: "error", "reason"] == #"The bulk request must be terminated by a newline [\n]"#)
        let unknownAction = try await send(client, url, body: ndjson([["crate": [:]], finding(1)]))
        #expect(unknownAction.status == 400)
        #expect(unknownAction.json?[path: "error", "type"] == "illegal_argument_exception")
        let twoActions = try await send(client, url, body: ndjson([["create": [:], "index": [:]], finding(1)]))
        #expect(twoActions.status == 400)
        let notJSON = try await send(client, url, body: Array("create me\n{}\n".utf8))
        #expect(notJSON.status == 400)
        #expect(notJSON.json?[path: "error", "type"] == "x_content_parse_exception")
        let noSource = try await send(client, url, body: ndjson([action(id: "1")]))
        #expect(noSource.status == 400)
        #expect(noSource.json?[path: "error", "root_cause"]?.arrayValue?.count == 1)
      }
      #expect(server.totalStoredCount == 0)
      #expect(server.bulkRequests.allSatisfy { $0.status == 400 })
    }
  }

  @Test func contentTypesOtherThanJSONAndNDJSONGet406() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let body = ndjson([action(id: "1"), finding(1)])
        let url = server.url + "/_bulk"
        let plainText = try await send(client, url, body: body, contentType: "text/plain")
        #expect(plainText.status == 406)
        #expect(plainText.json?["error"] == "Content-Type header [text/plain] is not supported")
        let missing = try await send(client, url, body: body, contentType: nil)
        #expect(missing.status == 406)
        let json = try await send(client, url, body: body, contentType: "application/json; charset=UTF-8")
        #expect(json.status == 200)
      }
      #expect(server.storedCount(index: findingsStream) == 1)
    }
  }

  @Test func filterPathKeepsOnlyWhatWasAskedFor() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let body = ndjson([action(id: "1"), finding(1), action(id: "1"), finding(1)])
        let reply = try await send(
          client, server.url + "/_bulk?filter_path=errors,items.*.error,items.*.status", body: body)
        #expect(reply.json?.objectValue?.keys == ["errors", "items"])
        #expect(reply.item(0) == ["status": 201])
        #expect(reply.item(1)?.objectValue?.keys == ["status", "error"])
      }
    }
  }

  // MARK: Compression and size

  @Test func gzipBodiesAreDecodedAndAnswersCompressedOnRequest() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let plain = ndjson((0..<50).flatMap { [action(id: "g-\($0)"), finding($0)] })
        let compressed = try Gzip.compress(plain, level: 1)
        let reply = try await send(
          client, server.url + "/_bulk", body: compressed,
          headers: [("Content-Encoding", "gzip"), ("Accept-Encoding", "gzip")])
        #expect(reply.status == 200)
        #expect(reply.header("Content-Encoding") == "gzip")
        let answer = try JSONParser.parse(try Gzip.decompress(reply.body))
        #expect(answer["errors"] == false)
        #expect(answer["items"]?.arrayValue?.count == 50)
        let record = try #require(server.bulkRequests.last)
        #expect(record.wireBytes == compressed.count)
        #expect(record.bodyBytes == plain.count)
        #expect(record.responseCompressed)
        #expect(record.headers["content-encoding"] == "gzip")
        let uncompressed = try await send(client, server.url + "/_bulk", body: plain)
        #expect(uncompressed.header("Content-Encoding") == nil)
        #expect(server.bulkRequests.last?.responseCompressed == false)
        #expect(server.bulkRequests.last?.wireBytes == plain.count)
      }
      #expect(server.storedCount(index: findingsStream) == 50)
    }
  }

  @Test func bodiesOverTheLimitGet413AfterDecodingAndBadGzipGets400() async throws {
    try await ElasticsearchBulkServer.withServer(.init(maxContentLength: 4096)) { server in
      try await withHTTPClient { client in
        let url = server.url + "/_bulk"
        let large = ndjson((0..<40).flatMap { [action(id: "\($0)"), finding($0)] })
        #expect(large.count > 4096)
        let plain = try await send(client, url, body: large)
        #expect(plain.status == 413)
        #expect(plain.json?["status"] == 413)
        let compressed = try Gzip.compress(large, level: 9)
        #expect(compressed.count < 4096)
        let gzipped = try await send(client, url, body: compressed, headers: [("Content-Encoding", "gzip")])
        #expect(gzipped.status == 413)
        let corrupt = try await send(
          client, url, body: Array("not gzip\n".utf8), headers: [("Content-Encoding", "gzip")])
        #expect(corrupt.status == 400)
        let truncated = try await send(
          client, url, body: Array(compressed.prefix(compressed.count / 2)), headers: [("Content-Encoding", "gzip")])
        #expect(truncated.status == 400)
        let small = try await send(client, url, body: ndjson([action(id: "ok"), finding(0)]))
        #expect(small.status == 200)
      }
      #expect(server.storedIDs(index: findingsStream) == ["ok"])
      #expect(server.bulkRequests.map(\.status) == [413, 413, 400, 400, 200])
    }
  }

  // MARK: Authentication

  @Test func basicAPIKeyAndBearerCredentialsAreAcceptedAndOthersGet401() async throws {
    let options = ElasticsearchBulkServer.Options(credentials: [
      .basic(username: "elastic", password: "changeme"), .apiKey(id: "key-id", key: "key-secret"), .bearer("token-1"),
    ])
    try await ElasticsearchBulkServer.withServer(options) { server in
      try await withHTTPClient { client in
        func root(_ authorization: String?) async throws -> ESReply {
          try await send(
            client, server.url + "/", method: "GET", contentType: nil,
            headers: authorization.map { [("Authorization", $0)] } ?? [])
        }
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        #expect(try await root("Basic " + base64("elastic:changeme")).status == 200)
        #expect(try await root("ApiKey " + base64("key-id:key-secret")).status == 200)
        #expect(try await root("Bearer token-1").status == 200)
        let missing = try await root(nil)
        #expect(missing.status == 401)
        #expect(missing.headerValues("WWW-Authenticate").count == 3)
        #expect(missing.header("X-Elastic-Product") == nil)
        #expect(missing.json?[path: "error", "type"] == "security_exception")
        #expect(try await root("Basic " + base64("elastic:wrong")).status == 401)
        #expect(try await root("ApiKey " + base64("key-id:wrong")).status == 401)
        #expect(try await root("Bearer token-2").status == 401)
        let bulk = try await send(client, server.url + "/_bulk", body: ndjson([action(id: "1"), finding(1)]))
        #expect(bulk.status == 401)
      }
      #expect(server.totalStoredCount == 0)
      #expect(
        server.requests.prefix(3).map(\.principal) == [.user("elastic"), .apiKey(id: "key-id"), .bearerToken])
      #expect(server.requests.dropFirst(3).allSatisfy { $0.principal == nil && $0.status == 401 })
    }
  }

  // MARK: Faults

  @Test func wholeRequestFaultsAnswerWithTheStatusAndStoreNothing() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.failNextBulkRequests(count: 2, status: 429)
      server.failNextBulkRequests(status: 503)
      server.failNextBulkRequests(status: 401)
      try await withHTTPClient { client in
        let body = ndjson([action(id: "r-1"), finding(1)])
        let url = server.url + "/_bulk"
        let throttled = try await send(client, url, body: body)
        #expect(throttled.status == 429)
        #expect(throttled.json?[path: "error", "type"] == "es_rejected_execution_exception")
        #expect(
          throttled.json?[path: "error", "reason"]?.stringValue?.hasPrefix(
            "rejected execution of coordinating operation") == true)
        #expect(try await send(client, url, body: body).status == 429)
        #expect(try await send(client, url, body: body).status == 503)
        let unauthorized = try await send(client, url, body: body)
        #expect(unauthorized.status == 401)
        #expect(!unauthorized.headerValues("WWW-Authenticate").isEmpty)
        #expect(server.totalStoredCount == 0)
        let accepted = try await send(client, url, body: body)
        #expect(accepted.itemStatuses() == [201])
      }
      #expect(server.storedCount(index: findingsStream) == 1)
      #expect(server.arrivals(id: "r-1") == 5)
      #expect(server.bulkRequests.map(\.status) == [429, 429, 503, 401, 200])
    }
  }

  @Test func itemFaultsFailChosenItemsAndTheRestIsStored() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.setItemFaultRule { item in item.id == "b" && item.arrivalsBefore == 0 ? 429 : nil }
      try await withHTTPClient { client in
        let url = server.url + "/_bulk"
        let body = ndjson(["a", "b", "c"].flatMap { [action(id: $0), finding(1)] })
        let first = try await send(client, url, body: body)
        #expect(first.itemStatuses() == [201, 429, 201])
        #expect(first.json?["errors"] == true)
        #expect(first.item(1)?[path: "error", "type"] == "es_rejected_execution_exception")
        #expect(server.storedIDs(index: findingsStream) == ["a", "c"])
        let retry = try await send(client, url, body: ndjson([action(id: "b"), finding(1)]))
        #expect(retry.itemStatuses() == [201])
        server.setItemFaultRule(nil)
        server.failNextItems(count: 1, status: 500)
        let internalError = try await send(client, url, body: ndjson([action(id: "d"), finding(1)]))
        #expect(internalError.itemStatuses() == [500])
        #expect(internalError.item(0)?[path: "error", "type"] == "exception")
        server.setItemFaultRule { item in item.document?[path: "rule", "id"] == "rule-7" ? 400 : nil }
        let rejected = try await send(client, url, body: ndjson([action(id: "e"), finding(7)]))
        #expect(rejected.item(0)?[path: "error", "type"] == "document_parsing_exception")
      }
      #expect(server.storedIDs(index: findingsStream) == ["a", "c", "b"])
      #expect(server.arrivals(id: "b") == 2)
    }
  }

  @Test func slowAnswersStoreFirstAndAnswerLater() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      try await withHTTPClient { client in
        let url = server.url + "/_bulk"
        server.setResponseDelay(.milliseconds(150))
        let started = ContinuousClock.now
        let slow = try await send(client, url, body: ndjson([action(id: "s-1"), finding(1)]))
        #expect(slow.status == 200)
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        // The client gives up long before the answer, but only after the request arrived (a loaded
        // machine still delivers a tiny request within a second).
        server.setResponseDelay(.seconds(5))
        await #expect(throws: (any Error).self) {
          _ = try await send(client, url, body: ndjson([action(id: "s-2"), finding(2)]), timeout: .seconds(1))
        }
        #expect(try await eventually(timeout: .seconds(10)) { server.storedCount(index: findingsStream) == 2 })
        server.clearFaults()
      }
    }
  }

  @Test func closingAfterTheRequestStoresNothing() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.closeConnectionOnNextBulkRequests(mode: .afterRequest)
      try await withHTTPClient { client in
        let body = ndjson([action(id: "c-1"), finding(1)])
        await #expect(throws: (any Error).self) { _ = try await send(client, server.url + "/_bulk", body: body) }
        #expect(server.bulkRequests.last?.outcome == .closedAfterRequest)
        #expect(server.totalStoredCount == 0)
        #expect(server.arrivals(id: "c-1") == 1)
        let retry = try await send(client, server.url + "/_bulk", body: body)
        #expect(retry.itemStatuses() == [201])
      }
    }
  }

  @Test func closingMidRequestStopsReadingAPartialGzipBody() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.closeConnectionOnNextBulkRequests(mode: .midRequest)
      try await withHTTPClient { client in
        // Random padding keeps the compressed body large, so it cannot arrive in one read.
        var generator = SystemRandomNumberGenerator()
        let lines: [JSONValue] = (0..<200).flatMap { number in
          let padding = (0..<64).map { _ in String(generator.next() % 36, radix: 36) }.joined()
          return [action(id: "m-\(number)"), finding(number, padding: String(repeating: padding, count: 8))]
        }
        let compressed = try Gzip.compress(ndjson(lines), level: 1)
        await #expect(throws: (any Error).self) {
          _ = try await send(client, server.url + "/_bulk", body: compressed, headers: [("Content-Encoding", "gzip")])
        }
        let record = try #require(server.bulkRequests.last)
        #expect(record.outcome == .closedMidRequest)
        #expect(record.wireBytes < compressed.count)
        #expect(server.totalStoredCount == 0)
        let after = try await send(client, server.url + "/_bulk", body: ndjson([action(id: "m-ok"), finding(0)]))
        #expect(after.itemStatuses() == [201])
      }
    }
  }

  @Test func aLostAcknowledgementStoresAndTheRetryGetsConflicts() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.closeConnectionOnNextBulkRequests(mode: .afterProcessing)
      try await withHTTPClient { client in
        let body = ndjson([action(id: "l-1"), finding(1), action(id: "l-2"), finding(2)])
        await #expect(throws: (any Error).self) { _ = try await send(client, server.url + "/_bulk", body: body) }
        #expect(server.bulkRequests.last?.outcome == .closedAfterProcessing)
        #expect(server.bulkRequests.last?.itemStatuses == [201, 201])
        let retry = try await send(client, server.url + "/_bulk", body: body)
        #expect(retry.itemStatuses() == [409, 409])
      }
      #expect(server.storedCount(index: findingsStream) == 2)
      #expect(server.arrivals(id: "l-1") == 2)
    }
  }

  @Test func downtimeRefusesConnectionsAndComesBackOnTheSamePort() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let body = ndjson([action(id: "d-1"), finding(1)])
      await server.goDown()
      #expect(!server.isUp)
      #expect(throws: RawTCP.Failure(errno: ECONNREFUSED)) { _ = try RawTCP.connect(port: server.port) }
      try await server.comeBack()
      #expect(server.isUp)
      try await withHTTPClient { client in
        let reply = try await send(client, server.url + "/_bulk", body: body)
        #expect(reply.itemStatuses() == [201])
      }
      // Long enough that the refused connect below happens inside the window even on a loaded machine.
      await server.downtime(for: .seconds(1))
      #expect(throws: RawTCP.Failure(errno: ECONNREFUSED)) { _ = try RawTCP.connect(port: server.port) }
      #expect(try await eventually(timeout: .seconds(10)) { server.isUp })
      try await withHTTPClient { client in
        let reply = try await send(client, server.url + "/_bulk", body: body)
        #expect(reply.itemStatuses() == [409])
      }
    }
  }

  @Test func goingDownClosesOpenConnections() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let connection = try RawTCP.connect(port: server.port)
      defer { close(connection) }
      RawTCP.write(connection, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
      #expect(RawTCP.read(connection, untilContains: "You Know, for Search").hasPrefix("HTTP/1.1 200"))
      await server.goDown()
      var byte: UInt8 = 0
      #expect(recv(connection, &byte, 1, 0) <= 0)
      try await server.comeBack()
    }
  }

  // MARK: Robustness

  @Test func malformedHTTPGets400AndTheServerGoesOn() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let garbage = try RawTCP.exchange(port: server.port, Array("GARBAGE\u{1}\u{2} / HTTP/9\r\n\r\n".utf8))
      #expect(garbage.hasPrefix("HTTP/1.1 400"))
      let valid = try RawTCP.exchange(
        port: server.port, Array("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
      #expect(valid.hasPrefix("HTTP/1.1 200"))
    }
  }

  // MARK: TLS

  @Test func tlsWithTheTestCAVerifies() async throws {
    try await ElasticsearchBulkServer.withServer(.init(tls: true)) { server in
      #expect(server.url.hasPrefix("https://127.0.0.1:"))
      #expect(server.caCertificatePEM?.contains("BEGIN CERTIFICATE") == true)
      try await withHTTPClient({ $0.tlsConfiguration = try server.clientTLSConfiguration() }) { client in
        let reply = try await send(client, server.url + "/_bulk", body: ndjson([action(id: "t-1"), finding(1)]))
        #expect(reply.itemStatuses() == [201])
      }
      // The system roots do not know the test CA. (AsyncHTTPClient retries failed handshakes until
      // the connect timeout, so keep that short.)
      try await withHTTPClient({ $0.timeout.connect = .milliseconds(200) }) { client in
        await #expect(throws: (any Error).self) {
          _ = try await send(client, server.url + "/", method: "GET", contentType: nil)
        }
      }
    }
  }

  @Test func mutualTLSNeedsAClientCertificateFromTheCA() async throws {
    try await ElasticsearchBulkServer.withServer(.init(tls: true, requireClientCertificate: true)) { server in
      let certificate = try server.issueClientCertificate(commonName: "kspmbeat")
      try await withHTTPClient({
        $0.tlsConfiguration = try server.clientTLSConfiguration(clientCertificate: certificate)
      }) { client in
        let reply = try await send(client, server.url + "/", method: "GET", contentType: nil)
        #expect(reply.status == 200)
      }
      #expect(server.requests.last?.clientCertificateCommonName == "kspmbeat")
      try await withHTTPClient({ $0.tlsConfiguration = try server.clientTLSConfiguration() }) { client in
        await #expect(throws: (any Error).self) {
          _ = try await send(client, server.url + "/", method: "GET", contentType: nil)
        }
      }
    }
  }
}
