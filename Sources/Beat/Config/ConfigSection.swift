import KSPMCore
import YAMLValue

/// State shared while one configuration tree is read: where values came from, the environment for
/// `${VAR}` expansion, and the warnings collected so far. Lives only for one `parse` call.
final class ConfigReadContext {
  let sourceName: String
  let expansion: EnvironmentExpansion
  /// Dotted paths set by `-E`, each with the text to name as the source of its errors.
  let overrideOrigins: [String: String]
  /// Home directory for `~` in paths.
  let home: String?
  /// The file's text, to find the line of a setting (indexed on first use).
  let text: String
  private var lineIndex: YAMLLineIndex?
  private(set) var warnings: [String] = []

  init(sourceName: String, environment: [String: String], overrideOrigins: [String: String], text: String = "") {
    self.sourceName = sourceName
    self.expansion = EnvironmentExpansion(environment: environment)
    self.overrideOrigins = overrideOrigins
    self.home = environment["HOME"]
    self.text = text
  }

  func warn(_ warning: String) { warnings.append(warning) }

  /// The file line of the setting at `path` (or of its closest parent); `nil` when an `-E`
  /// override set it or the file does not have it.
  func line(of path: String) -> Int? {
    if error(path, "").source != sourceName { return nil }
    if lineIndex == nil { lineIndex = YAMLLineIndex(text) }
    return lineIndex?.line(of: path)
  }

  /// An error at `path`, attributed to the `-E` override that set the path (or one of its parents),
  /// else to the file.
  func error(_ path: String, _ reason: String) -> ConfigError {
    var candidate = Substring(path)
    while !candidate.isEmpty {
      if let origin = overrideOrigins[String(candidate)] {
        return ConfigError(source: origin, keyPath: path, reason: reason)
      }
      guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      candidate = candidate[..<cut]
    }
    return ConfigError(source: sourceName, keyPath: path, reason: reason)
  }
}

/// One map of settings (`output.elasticsearch`) with typed, path-aware accessors.
///
/// Every accessor returns `nil` for a missing or `null` key and throws a ``ConfigError`` naming the
/// full key path for a value of the wrong type. String values go through `${VAR}` expansion first.
struct ConfigSection {
  /// Dotted path of this map; empty for the top level.
  let path: String
  let object: JSONObject
  let context: ConfigReadContext

  func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func error(_ key: String, _ reason: String) -> ConfigError { context.error(keyPath(key), reason) }

  /// The raw value, `nil` when missing or `null`.
  func raw(_ key: String) -> JSONValue? {
    guard let value = object[key], !value.isNull else { return nil }
    return value
  }

  /// Whether the key is present (even as `null`).
  func contains(_ key: String) -> Bool { object[key] != nil }

  /// Adds an `unknown setting` warning for every key not in `known`.
  func warnUnknown(_ known: Set<String>) {
    for key in object.keys where !known.contains(key) {
      context.warn("\(ConfigError.shortened(keyPath(key))): unknown setting")
    }
  }

  /// A nested map; `null` reads as an empty map.
  func section(_ key: String) throws(ConfigError) -> ConfigSection? {
    guard let value = object[key] else { return nil }
    switch value {
    case .null: return ConfigSection(path: keyPath(key), object: JSONObject(), context: context)
    case .object(let child): return ConfigSection(path: keyPath(key), object: child, context: context)
    default: throw error(key, "\(shown(value, for: key)) is not a map of settings")
    }
  }

  // MARK: Scalars

  /// A scalar as text, expanded; numbers and booleans are accepted as their text.
  func string(_ key: String) throws(ConfigError) -> String? {
    guard let value = raw(key) else { return nil }
    return try scalarText(value, at: keyPath(key), secret: false)
  }

  /// Like ``string(_:)`` but `nil` for the empty string too.
  func nonEmptyString(_ key: String) throws(ConfigError) -> String? {
    guard let text = try string(key), !text.isEmpty else { return nil }
    return text
  }

  /// A secret string: errors never show the value.
  func secret(_ key: String) throws(ConfigError) -> ConfigSecret? {
    guard let value = raw(key) else { return nil }
    let text = try scalarText(value, at: keyPath(key), secret: true)
    return text.isEmpty ? nil : ConfigSecret(text)
  }

  /// Every key of a map of free-form names (headers, parameters) with its text, in order; `nil`
  /// for a `null` value. Reads each value once, so it is linear in the number of keys.
  func texts(secret: Bool) throws(ConfigError) -> [(key: String, text: String?)] {
    var texts: [(key: String, text: String?)] = []
    texts.reserveCapacity(object.count)
    for member in object.members {
      let text = member.value.isNull ? nil : try scalarText(member.value, at: keyPath(member.key), secret: secret)
      texts.append((member.key, text))
    }
    return texts
  }

  /// A path: text with a leading `~` replaced by `$HOME`; `nil` when empty.
  func path(_ key: String) throws(ConfigError) -> String? {
    guard let text = try nonEmptyString(key) else { return nil }
    return expandTilde(text)
  }

  func expandTilde(_ text: String) -> String {
    guard let home = context.home, text == "~" || text.hasPrefix("~/") else { return text }
    return home + text.dropFirst()
  }

  func int(_ key: String) throws(ConfigError) -> Int? {
    guard let value = raw(key) else { return nil }
    if let number = value.intValue, let int = Int(exactly: number) { return int }
    if case .string = value {
      let text = try scalarText(value, at: keyPath(key), secret: false).trimmingSpaces
      if let int = Int(text) { return int }
      throw error(key, "\(shown(.string(text), for: key)) is not a whole number")
    }
    throw error(key, "\(shown(value, for: key)) is not a whole number")
  }

  func bool(_ key: String) throws(ConfigError) -> Bool? {
    guard let value = raw(key) else { return nil }
    if let bool = value.boolValue { return bool }
    if case .string = value {
      let text = try scalarText(value, at: keyPath(key), secret: false).trimmingSpaces
      switch text.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: throw error(key, "\(shown(.string(text), for: key)) is not true or false")
      }
    }
    throw error(key, "\(shown(value, for: key)) is not true or false")
  }

  func duration(_ key: String) throws(ConfigError) -> Duration? {
    guard let value = raw(key) else { return nil }
    var resolved = value
    if case .string = value { resolved = .string(try scalarText(value, at: keyPath(key), secret: false)) }
    guard let duration = ConfigDuration.parse(resolved) else {
      throw error(key, "\(shown(resolved, for: key)) is not a duration \(ConfigDuration.hint)")
    }
    return duration
  }

  /// A list of strings; a single scalar is a list of one. A string that expands to a YAML flow list
  /// (`hosts: ${ES_HOSTS}` with `ES_HOSTS='["https://a:9200", "https://b:9200"]'`) is that list.
  func strings(_ key: String) throws(ConfigError) -> [String]? {
    guard var value = raw(key) else { return nil }
    if case .string(let text) = value, text.contains("${") {
      let expanded = try scalarText(value, at: keyPath(key), secret: false).trimmingSpaces
      value = .string(expanded)
      if expanded.hasPrefix("["), expanded.hasSuffix("]") {
        guard case .array(let list)? = try? YAMLDocuments.parse(expanded) else {
          throw error(key, "\(shown(.string(expanded), for: key)) is not a valid YAML list")
        }
        value = .array(list)
      }
    }
    guard case .array(let elements) = value else { return [try scalarText(value, at: keyPath(key), secret: false)] }
    var result: [String] = []
    for (index, element) in elements.enumerated() {
      result.append(try scalarText(element, at: keyPath(key) + "[\(index)]", secret: false))
    }
    return result
  }

  /// A scalar's text after `${VAR}` expansion.
  func scalarText(_ value: JSONValue, at path: String, secret: Bool) throws(ConfigError) -> String {
    switch value {
    case .string(let text):
      do {
        return try context.expansion.expand(text)
      } catch {
        throw context.error(path, EnvironmentExpansion.reason(error))
      }
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .bool(let flag): return String(flag)
    case .null: return ""
    case .array, .object:
      throw context.error(path, secret ? "must be a single string" : "\(Self.show(value)) is not a single value")
    }
  }

  // MARK: Showing values in errors

  /// `text` as a JSON string for an error, cut when longer than any name or path a setting
  /// holds (a hostile value must not flood the log).
  static func quote(_ text: String) -> String {
    let quoted = JSONWriter.string(.string(text))
    return quoted.count > 300 ? String(quoted.prefix(297)) + "..." : quoted
  }

  /// `value` for an error about `key`, or a placeholder when the setting may hold a credential
  /// (a wrongly typed `headers` or `password` must not end up in a log).
  func shown(_ value: JSONValue, for key: String) -> String {
    Self.mayHoldCredential(keyPath(key)) ? "the value (not shown: it may hold a credential)" : Self.show(value)
  }

  /// Whether a setting at `path` may hold a password, key, token or header carrying one.
  static func mayHoldCredential(_ path: String) -> Bool {
    let lowered = path.lowercased()
    return [
      "password", "passphrase", "api_key", "apikey", "token", "secret", "headers", "proxy_url", "authorization",
      "credential", "ssl.key",
    ].contains { lowered.contains($0) }
  }

  static func show(_ value: JSONValue) -> String {
    let text = JSONWriter.string(value)
    return text.count > 80 ? String(text.prefix(77)) + "..." : text
  }
}
