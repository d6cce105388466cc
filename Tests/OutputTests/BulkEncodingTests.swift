import KSPMCore
import Output
import Testing

@Suite struct BulkEncodingTests {
  @Test func everyDocumentGetsACreateActionWithIndexAndIDAndEveryLineEndsInANewline() throws {
    let items = [
      BulkItem(index: "logs-cloud_security_posture.findings-default", id: "a1", document: Array(#"{"x":1}"#.utf8)),
      BulkItem(index: "logs-cloud_security_posture.findings-default", id: "b\"2", document: Array(#"{"y":"z"}"#.utf8)),
    ]
    let body = String(decoding: BulkRequestBody.encode(items), as: UTF8.self)
    #expect(body.hasSuffix("\n"))
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 5)
    #expect(lines[4].isEmpty)
    let action = try JSONParser.parse(String(lines[0]))
    #expect(action[path: "create", "_index"]?.stringValue == "logs-cloud_security_posture.findings-default")
    #expect(action[path: "create", "_id"]?.stringValue == "a1")
    #expect(lines[1] == #"{"x":1}"#)
    #expect(try JSONParser.parse(String(lines[2]))[path: "create", "_id"]?.stringValue == "b\"2")
    #expect(lines[3] == #"{"y":"z"}"#)
  }

  @Test func aResponseWithoutErrorsMeansEveryItemWasCreated() throws {
    let results = try BulkResponse.parse(Array(#"{"errors":false}"#.utf8), itemCount: 3)
    #expect(results == [.created, .created, .created])
  }

  @Test func itemsAreClassifiedByStatusInRequestOrder() throws {
    let body = """
      {"errors":true,"items":[
        {"create":{"status":201}},
        {"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"exists"}}},
        {"create":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
        {"create":{"status":503,"error":{"type":"unavailable_shards_exception","reason":"primary"}}},
        {"create":{"status":400,"error":{"type":"document_parsing_exception","reason":"bad field"}}},
        {"index":{"status":200}}
      ]}
      """
    let results = try BulkResponse.parse(Array(body.utf8), itemCount: 6)
    #expect(
      results == [
        .created, .duplicate,
        .retryable(status: 429, reason: "es_rejected_execution_exception: queue full"),
        .retryable(status: 503, reason: "unavailable_shards_exception: primary"),
        .rejected(status: 400, reason: "document_parsing_exception: bad field"),
        .created,
      ])
  }

  @Test func aResponseThatDoesNotMatchTheRequestIsAnError() {
    #expect(throws: BulkResponseError.self) {
      try BulkResponse.parse(Array(#"{"errors":true,"items":[{"create":{"status":201}}]}"#.utf8), itemCount: 2)
    }
    #expect(throws: BulkResponseError.self) { try BulkResponse.parse(Array("<html>".utf8), itemCount: 1) }
    #expect(throws: BulkResponseError.self) { try BulkResponse.parse(Array(#"{"took":1}"#.utf8), itemCount: 1) }
    #expect(throws: BulkResponseError.self) {
      try BulkResponse.parse(Array(#"{"errors":true,"items":[{"create":{}}]}"#.utf8), itemCount: 1)
    }
  }

  @Test func statisticsDeltasSubtractCountsAndReasons() {
    var before = DeliveryStatistics()
    before.accepted = 10
    before.delivered = 4
    before.retryReasons = ["429": 2]
    var after = before
    after.accepted = 25
    after.delivered = 20
    after.dropped = 1
    after.droppedReasons = ["400 document_parsing_exception": 1]
    after.retryReasons = ["429": 5, "503": 1]
    let delta = after.since(before)
    #expect(delta.accepted == 15)
    #expect(delta.delivered == 16)
    #expect(delta.droppedReasons == ["400 document_parsing_exception": 1])
    #expect(delta.retryReasons == ["429": 3, "503": 1])
    #expect(after.pending == 25 - 20 - 1)
  }
}
