import KSPMCore

/// What Elasticsearch said about one item of a bulk request (agent-and-output.md B.7).
public enum BulkItemResult: Sendable, Equatable {
  /// Stored (status < 300).
  case created
  /// 409: a document with this `_id` is already there — delivered by an earlier attempt.
  case duplicate
  /// 429 or ≥ 500: try again later.
  case retryable(status: Int, reason: String)
  /// Any other status: Elasticsearch will never take this document as it is.
  case rejected(status: Int, reason: String)

  /// Classifies an item status.
  public static func classify(status: Int, reason: @autoclosure () -> String) -> BulkItemResult {
    switch status {
    case ..<300: return .created
    case 409: return .duplicate
    case 429, 500...: return .retryable(status: status, reason: reason())
    default: return .rejected(status: status, reason: reason())
    }
  }
}

/// Why a 2xx bulk response could not be read item by item.
public struct BulkResponseError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

/// Reads the body of a successful `_bulk` response.
public enum BulkResponse {
  /// One result per item, in request order. `errors: false` means every item was stored, so the
  /// items are not even read; otherwise they must be there, one per request item.
  public static func parse(_ body: [UInt8], itemCount: Int) throws(BulkResponseError) -> [BulkItemResult] {
    let json: JSONValue
    do {
      json = try JSONParser.parse(body)
    } catch {
      throw BulkResponseError(description: "the bulk response is not JSON (\(error))")
    }
    guard let errors = json["errors"]?.boolValue else {
      throw BulkResponseError(description: "the bulk response has no \"errors\" flag")
    }
    if !errors { return Array(repeating: .created, count: itemCount) }
    guard let items = json["items"]?.arrayValue else {
      throw BulkResponseError(description: "the bulk response reports errors but has no \"items\"")
    }
    guard items.count == itemCount else {
      throw BulkResponseError(description: "the bulk response has \(items.count) items for \(itemCount) documents")
    }
    var results: [BulkItemResult] = []
    results.reserveCapacity(itemCount)
    for item in items {
      guard let object = item.objectValue, object.count == 1, let result = object.members.first?.value,
        let status = result["status"]?.intValue
      else {
        throw BulkResponseError(description: "a bulk response item has no status")
      }
      results.append(BulkItemResult.classify(status: Int(status), reason: reason(result["error"])))
    }
    return results
  }

  /// `type: reason` of an Elasticsearch error object (or its text), shortened for logs.
  public static func reason(_ error: JSONValue?) -> String {
    guard let error else { return "no reason given" }
    var text: String
    if let message = error.stringValue {
      text = message
    } else {
      let type = error["type"]?.stringValue ?? "error"
      text = error["reason"]?.stringValue.map { "\(type): \($0)" } ?? type
    }
    if text.count > 300 { text = String(text.prefix(300)) + "…" }
    return text
  }
}
