import KSPMCore

/// A bulk action.
enum BulkAction: String, Sendable, CaseIterable {
  case create
  case index
  case update
  case delete
}

/// One action of a bulk body with its metadata and (except for `delete`) its source line.
struct BulkRequestItem: Sendable {
  var action: BulkAction
  /// 1-based line number of the action line.
  var line: Int
  /// `_index` or the path target.
  var index: String
  /// `_id` as sent.
  var id: String?
  /// The line after the action line, without its newline; `nil` for `delete`.
  var source: ArraySlice<UInt8>?
}

/// Why a whole bulk request is refused.
struct BulkRequestFailure: Error, Sendable {
  var status: Int
  var error: ElasticsearchError

  static func badRequest(_ type: String, _ reason: String) -> BulkRequestFailure {
    BulkRequestFailure(status: 400, error: ElasticsearchError(type: type, reason: reason))
  }
}

/// Splits and checks an NDJSON bulk body the way Elasticsearch's bulk parser does: problems with
/// the framing or an action line refuse the whole request; problems with a document are left to
/// the item.
enum BulkBodyParser {
  /// Metadata keys an action line may carry.
  static let metadataKeys: Set<String> = [
    "_index", "_id", "routing", "pipeline", "require_alias", "require_data_stream", "if_seq_no", "if_primary_term",
    "version", "version_type", "dynamic_templates", "list_executed_pipelines", "retry_on_conflict", "_source",
  ]

  /// The longest `_id` Elasticsearch takes, in UTF-8 bytes.
  static let maxIDBytes = 512

  static func parse(_ body: [UInt8], defaultIndex: String?) -> Result<[BulkRequestItem], BulkRequestFailure> {
    guard !body.isEmpty else { return .failure(.badRequest("parse_exception", "request body is required")) }
    guard body.last == UInt8(ascii: "\n") else {
      return .failure(
        .badRequest("illegal_argument_exception", #"The bulk request must be terminated by a newline [\n]"#))
    }
    let lines = splitLines(body)
    var items: [BulkRequestItem] = []
    var validation: [String] = []
    var position = 0
    while position < lines.count {
      let lineNumber = position + 1
      let action: BulkAction
      let metadata: JSONObject
      switch parseActionLine(body[lines[position]], lineNumber: lineNumber) {
      case .success(let parsed): (action, metadata) = parsed
      case .failure(let failure): return .failure(failure)
      }
      let index = metadata["_index"]?.stringValue ?? defaultIndex
      if index == nil { validation.append("index is missing") }
      let id = metadata["_id"]?.stringValue
      if let id, id.utf8.count > maxIDBytes {
        validation.append(
          "id [\(id)] is too long, must be no longer than \(maxIDBytes) bytes but was: \(id.utf8.count)")
      }
      if action == .update || action == .delete, id == nil { validation.append("id is missing") }
      position += 1
      var source: ArraySlice<UInt8>?
      if action != .delete {
        if position < lines.count {
          source = body[lines[position]]
          position += 1
        } else {
          validation.append(action == .update ? "script or doc is missing" : "source is missing")
        }
      }
      items.append(BulkRequestItem(action: action, line: lineNumber, index: index ?? "", id: id, source: source))
    }
    if items.isEmpty { validation.append("no requests added") }
    if !validation.isEmpty {
      let numbered = validation.enumerated().map { "\($0.offset + 1): \($0.element);" }.joined()
      return .failure(.badRequest("action_request_validation_exception", "Validation Failed: " + numbered))
    }
    return .success(items)
  }

  /// The ranges of the newline-terminated lines (without the newlines).
  static func splitLines(_ body: [UInt8]) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var start = 0
    for (offset, byte) in body.enumerated() where byte == UInt8(ascii: "\n") {
      var end = offset
      if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      lines.append(start..<end)
      start = offset + 1
    }
    return lines
  }

  /// The action and its metadata, or why the line is malformed.
  static func parseActionLine(
    _ bytes: ArraySlice<UInt8>, lineNumber: Int
  ) -> Result<(BulkAction, JSONObject), BulkRequestFailure> {
    func malformed(_ detail: String) -> Result<(BulkAction, JSONObject), BulkRequestFailure> {
      .failure(.badRequest("illegal_argument_exception", "Malformed action/metadata line [\(lineNumber)], \(detail)"))
    }
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
      return malformed("expected START_OBJECT but found [null]")
    }
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      return .failure(
        .badRequest("x_content_parse_exception", "[\(lineNumber):\(error.offset + 1)] \(error.message)"))
    }
    guard case .object(let object) = value else {
      return malformed("expected START_OBJECT but found [\(tokenName(value))]")
    }
    guard let member = object.members.first else { return malformed("expected FIELD_NAME but found [END_OBJECT]") }
    guard object.count == 1 else { return malformed("expected END_OBJECT but found [FIELD_NAME]") }
    guard let action = BulkAction(rawValue: member.key) else {
      return malformed("expected one of [create, delete, index, update] but found [\(member.key)]")
    }
    guard case .object(let metadata) = member.value else {
      return malformed("expected START_OBJECT but found [\(tokenName(member.value))]")
    }
    for entry in metadata.members {
      guard metadataKeys.contains(entry.key) else {
        return .failure(
          .badRequest(
            "illegal_argument_exception",
            "Action/metadata line [\(lineNumber)] contains an unknown parameter [\(entry.key)]"))
      }
      if ["_index", "_id", "routing", "pipeline"].contains(entry.key), entry.value.stringValue == nil {
        return .failure(
          .badRequest(
            "illegal_argument_exception",
            "Malformed action/metadata line [\(lineNumber)], [\(entry.key)] must be a string but found "
              + "[\(tokenName(entry.value))]"))
      }
    }
    return .success((action, metadata))
  }

  /// The token name Elasticsearch's parser reports for the start of `value`.
  static func tokenName(_ value: JSONValue) -> String {
    switch value {
    case .object: return "START_OBJECT"
    case .array: return "START_ARRAY"
    case .string: return "VALUE_STRING"
    case .int, .double: return "VALUE_NUMBER"
    case .bool: return "VALUE_BOOLEAN"
    case .null: return "VALUE_NULL"
    }
  }
}
