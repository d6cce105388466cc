import KSPMCore
import YAMLValue

/// One `-E key=value` command-line override.
///
/// The value is typed like a YAML scalar (`true`, `false`, `30`, `1.5`, `null`, `~`), and a value that starts with
/// `[`, `{`, `"` or `'` is read as YAML flow (`["http://127.0.0.1:9200"]`, `{init: 1s}`, `"007"`).
/// Anything else is the literal text, so `#`, `: ` and `*` need no quoting (`-E password=a#b: c`).
/// `${VAR}` references in the value are expanded like those in the file.
public struct ConfigOverride: Sendable, Equatable {
  /// Dotted key path, split (`["output", "elasticsearch", "hosts"]`).
  public var path: [String]
  public var value: JSONValue

  public init(path: [String], value: JSONValue) {
    self.path = path
    self.value = value
  }

  /// Parses `key=value`. Errors never repeat the value (it may be a password).
  public init(parsing argument: String) throws(ConfigError) {
    guard let equals = argument.firstIndex(of: "=") else {
      throw ConfigError(source: "-E", keyPath: "", reason: "an override must have the form key=value")
    }
    let key = argument[..<equals].trimmingCharacters(in: " \t")
    let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !key.isEmpty, !segments.contains(where: \.isEmpty) else {
      throw ConfigError(source: "-E", keyPath: key, reason: "an override key must be a dotted path like a.b.c")
    }
    self.path = segments
    self.value = try Self.value(String(argument[argument.index(after: equals)...]), key: key)
  }

  /// The text to name as the source of errors in this override's value.
  public var origin: String { "-E \(path.joined(separator: "."))" }

  static func value(_ text: String, key: String) throws(ConfigError) -> JSONValue {
    if text.isEmpty { return .string("") }
    if let first = text.first, "[{\"'".contains(first) {
      do {
        return try YAMLDocuments.parse(text)
      } catch {
        throw ConfigError(
          source: "-E \(key)", keyPath: key, reason: "the value is not a valid YAML list, map or quoted string")
      }
    }
    if let scalar = try? YAMLDocuments.parse(text) {
      switch scalar {
      case .int, .double: return scalar
      case .bool where ["true", "false"].contains(text.lowercased()): return scalar
      case .null where text == "null" || text == "~": return scalar
      default: break
      }
    }
    return .string(text)
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = self
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
