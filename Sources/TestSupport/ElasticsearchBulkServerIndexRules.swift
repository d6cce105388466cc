import KSPMCore

/// The name of a data stream created by the built-in `logs-*-*` / `metrics-*-*` templates.
struct DataStreamName: Sendable, Hashable {
  var type: String
  var dataset: String
  var namespace: String

  /// Names starting with `logs-` or `metrics-` with at least two more `-`-separated parts are
  /// data streams (what the built-in templates match). The dataset is everything between the
  /// type and the last part, the namespace the last part.
  init?(_ name: String) {
    let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 3, parts[0] == "logs" || parts[0] == "metrics", !parts.contains(where: \.isEmpty) else {
      return nil
    }
    type = parts[0]
    dataset = parts[1..<(parts.count - 1)].joined(separator: "-")
    namespace = parts[parts.count - 1]
  }
}

/// The checks Elasticsearch makes on an index name and a document before writing it.
enum IndexRules {
  /// Why `name` is not a valid index name, or `nil`.
  static func indexNameProblem(_ name: String) -> String? {
    let forbidden: Set<Character> = ["\\", "/", "*", "?", "\"", "<", ">", "|", " ", ",", "#", ":"]
    if name.isEmpty { return "Invalid index name [\(name)], must not be empty" }
    if name != name.lowercased() { return "Invalid index name [\(name)], must be lowercase" }
    if let bad = name.first(where: { forbidden.contains($0) }) {
      return "Invalid index name [\(name)], must not contain '\(bad)'"
    }
    if let first = name.first, "_-+".contains(first) {
      return "Invalid index name [\(name)], must not start with '_', '-', or '+'"
    }
    if name == "." || name == ".." { return "Invalid index name [\(name)], must not be '.' or '..'" }
    if name.utf8.count > 255 { return "Invalid index name [\(name)], index name is too long" }
    return nil
  }

  /// The value at a dotted `path` in `document`, following nested objects and dotted keys alike
  /// (`{"data_stream":{"type":…}}` and `{"data_stream.type":…}` are the same field).
  static func field(_ path: String, in document: JSONObject) -> JSONValue? {
    if let direct = document[path] { return direct }
    var prefix = ""
    for component in path.split(separator: ".") {
      prefix = prefix.isEmpty ? String(component) : prefix + "." + component
      guard prefix.count < path.count, case .object(let nested)? = document[prefix] else { continue }
      if let value = field(String(path.dropFirst(prefix.count + 1)), in: nested) { return value }
    }
    return nil
  }

  /// Why `document` cannot go into `stream`, or `nil`.
  static func dataStreamProblem(_ document: JSONObject, stream: DataStreamName, id: String) -> ElasticsearchError? {
    guard let timestamp = field("@timestamp", in: document) else {
      return ElasticsearchError(
        type: "document_parsing_exception",
        reason: "[1:1] failed to parse: data stream timestamp field [@timestamp] is missing")
    }
    if !isDate(timestamp) {
      return ElasticsearchError(
        type: "document_parsing_exception",
        reason: "[1:1] failed to parse field [@timestamp] of type [date] in document with id '\(id)'",
        causedBy: [
          ElasticsearchError(
            type: "illegal_argument_exception", reason: "failed to parse date field [\(describe(timestamp))]")
        ])
    }
    for (name, expected) in [("type", stream.type), ("dataset", stream.dataset), ("namespace", stream.namespace)] {
      let path = "data_stream." + name
      guard let value = field(path, in: document), value.stringValue != expected else { continue }
      return ElasticsearchError(
        type: "document_parsing_exception",
        reason: "[1:1] failed to parse field [\(path)] of type [constant_keyword] in document with id '\(id)'. "
          + "Preview of field's value: '\(describe(value))'",
        causedBy: [
          ElasticsearchError(
            type: "illegal_argument_exception",
            reason: "[constant_keyword] field [\(path)] only accepts values that are equal to the value defined "
              + "in the mappings [\(expected)], but got [\(describe(value))]")
        ])
    }
    return nil
  }

  /// Whether `value` is something a `date` field takes: epoch milliseconds, or an ISO 8601 date
  /// with optional time, fraction and zone (`strict_date_optional_time`).
  static func isDate(_ value: JSONValue) -> Bool {
    switch value {
    case .int: return true
    case .double(let number): return number.isFinite
    case .string(let text): return isDateText(Array(text.utf8))
    default: return false
    }
  }

  private static func isDateText(_ text: [UInt8]) -> Bool {
    if !text.isEmpty, text.allSatisfy(isDigit) { return true }
    var position = 0
    func digits(_ count: Int) -> Bool {
      guard position + count <= text.count, text[position..<(position + count)].allSatisfy(isDigit) else {
        return false
      }
      position += count
      return true
    }
    func literal(_ character: Character) -> Bool {
      guard position < text.count, text[position] == character.asciiValue else { return false }
      position += 1
      return true
    }
    guard digits(4), literal("-"), digits(2), literal("-"), digits(2) else { return false }
    if position == text.count { return true }
    guard literal("T"), digits(2) else { return false }
    if literal(":") {
      guard digits(2) else { return false }
      if literal(":") {
        guard digits(2) else { return false }
        if literal(".") || literal(",") {
          let start = position
          while position < text.count, isDigit(text[position]) { position += 1 }
          guard (1...9).contains(position - start) else { return false }
        }
      }
    }
    if position == text.count || (literal("Z") && position == text.count) { return true }
    guard literal("+") || literal("-"), digits(2) else { return false }
    _ = literal(":")
    return digits(2) && position == text.count
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func describe(_ value: JSONValue) -> String {
    value.stringValue ?? JSONWriter.string(value)
  }
}
