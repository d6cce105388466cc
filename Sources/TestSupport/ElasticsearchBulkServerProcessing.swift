import Foundation
import KSPMCore

/// What a read bulk request produced.
struct BulkProcessingResult: Sendable {
  var response: BulkServerResponse
  var actions: [String]
  var itemStatuses: [Int]
}

extension BulkServerCore {
  /// Parses `body`, counts the arrivals of its items and, when `store` is true, applies them
  /// and builds the bulk answer. With `store` false (a faulted request) only the arrivals are
  /// counted and the answer is meaningless.
  ///
  /// Parsing and checking run outside the lock; arrivals and store updates are two short
  /// critical sections; the item fault rule runs between them, outside the lock.
  func processBulk(
    body: [UInt8], target: String?, query: [(name: String, value: String)], requestNumber: Int, store: Bool
  ) -> BulkProcessingResult {
    let started = ContinuousClock.now
    let parsed: [BulkRequestItem]
    switch BulkBodyParser.parse(body, defaultIndex: target) {
    case .success(let items): parsed = items
    case .failure(let failure):
      return BulkProcessingResult(
        response: BulkServerResponse(status: failure.status, error: failure.error), actions: [], itemStatuses: [])
    }
    let items = options.checksDocuments ? parsed.map(Self.prepare) : parsed.map(Self.prepareUnchecked)
    let actions = items.map(\.action.rawValue)
    let (arrivalsBefore, forcedByQueue, rule) = state.withLock { state in
      let arrivals = state.recordArrivals(items)
      guard store else { return (arrivals, [Int?](), state.itemFaultRule) }
      var forced = [Int?](repeating: nil, count: items.count)
      for position in forced.indices where !state.pendingItemFaults.isEmpty {
        forced[position] = state.pendingItemFaults.removeFirst()
      }
      return (arrivals, forced, state.itemFaultRule)
    }
    guard store else {
      return BulkProcessingResult(
        response: BulkServerResponse(status: 500, body: [:]), actions: actions, itemStatuses: [])
    }
    var forced = forcedByQueue
    if let rule {
      for (position, item) in items.enumerated() where forced[position] == nil {
        forced[position] = rule(
          ElasticsearchBulkServer.ItemContext(
            action: item.action.rawValue, index: item.index, id: item.requestedID, document: item.document,
            arrivalsBefore: item.requestedID == nil ? 0 : arrivalsBefore[position], position: position,
            requestNumber: requestNumber))
      }
    }
    let results = state.withLock { state in
      items.enumerated().map { state.apply($0.element, forced: forced[$0.offset]) }
    }
    let took = started.duration(to: .now).components
    var body = JSONObject()
    body.appendUnchecked("took", .int(took.seconds * 1000 + took.attoseconds / 1_000_000_000_000_000))
    body.appendUnchecked("errors", .bool(results.contains { $0.error != nil }))
    body.appendUnchecked("items", .array(results.map(\.json)))
    var response = JSONValue.object(body)
    if let parameter = query.first(where: { $0.name == "filter_path" })?.value, let filter = FilterPath(parameter) {
      response = filter.apply(response)
    }
    return BulkProcessingResult(
      response: BulkServerResponse(status: 200, body: response), actions: actions,
      itemStatuses: results.map(\.status))
  }

  /// Resolves the id only: the document is neither parsed nor kept (``Options/checksDocuments`` off).
  static func prepareUnchecked(_ item: BulkRequestItem) -> PreparedItem {
    PreparedItem(
      action: item.action, index: item.index, id: item.id ?? ElasticsearchBulkServer.randomID(),
      requestedID: item.id, document: nil, source: [], dataStream: DataStreamName(item.index))
  }

  /// Resolves the id, parses the source line and runs the checks that do not need the store.
  static func prepare(_ item: BulkRequestItem) -> PreparedItem {
    let source = Array(item.source ?? [])
    var prepared = PreparedItem(
      action: item.action, index: item.index, id: item.id ?? ElasticsearchBulkServer.randomID(),
      requestedID: item.id, document: nil, source: source, dataStream: DataStreamName(item.index))
    var parseError: JSONParseError?
    if item.source != nil {
      do {
        prepared.document = try JSONParser.parse(source)
      } catch {
        parseError = error
      }
    }
    func fail(_ status: Int, _ type: String, _ reason: String, causedBy: [ElasticsearchError] = []) -> PreparedItem {
      prepared.failure = ItemFailure(
        status: status, error: ElasticsearchError(type: type, reason: reason, causedBy: causedBy))
      return prepared
    }
    if let problem = IndexRules.indexNameProblem(item.index) {
      return fail(400, "invalid_index_name_exception", problem)
    }
    if prepared.dataStream != nil, item.action != .create {
      return fail(
        400, "illegal_argument_exception", "only write ops with an op_type of create are allowed in data streams")
    }
    guard item.action != .delete else { return prepared }
    if let parseError {
      return fail(
        400, "document_parsing_exception", "[1:\(parseError.offset + 1)] failed to parse: \(parseError.message)",
        causedBy: [ElasticsearchError(type: "json_parse_exception", reason: parseError.description)])
    }
    guard case .object(let document)? = prepared.document else {
      return fail(400, "document_parsing_exception", "[1:1] failed to parse: the document must be a JSON object")
    }
    if let stream = prepared.dataStream,
      let problem = IndexRules.dataStreamProblem(document, stream: stream, id: prepared.id)
    {
      prepared.failure = ItemFailure(status: 400, error: problem)
    }
    return prepared
  }
}
