import Foundation
import KSPMCore

/// A setting as a component sees it: the values given for a command-line flag (every occurrence,
/// in order), or a value from a parsed configuration file.
public enum SettingValue: Sendable, Hashable {
  /// Every occurrence's value, in order; a bare flag (`--profiling`) is `""`.
  case flag([String])
  case json(JSONValue)

  /// The effective scalar: the last occurrence of a flag (pflag: last one wins), or the config value.
  public var scalar: String? {
    switch self {
    case .flag(let values): return values.last
    case .json(let value):
      switch value {
      case .string(let s): return s
      case .bool(let b): return b ? "true" : "false"
      case .int(let i): return String(i)
      case .double(let d): return String(d)
      default: return nil
      }
    }
  }

  /// A Go boolean (`strconv.ParseBool`); a bare flag means `true`, as pflag's boolean flags do.
  public var bool: Bool? {
    switch self {
    case .flag(let values):
      guard let last = values.last else { return nil }
      return last.isEmpty ? true : Self.parseBool(last)
    case .json(let value):
      if let b = value.boolValue { return b }
      return value.stringValue.flatMap(Self.parseBool)
    }
  }

  public var number: Double? {
    if case .json(let value) = self, let d = value.doubleValue { return d }
    return scalar.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// A Go duration string, or a config number read as nanoseconds (Go's `time.Duration`).
  public var duration: GoDuration? {
    if case .json(let value) = self, let i = value.intValue { return GoDuration(nanoseconds: i) }
    return scalar.flatMap { GoDuration(parsing: $0.trimmingCharacters(in: .whitespaces)) }
  }

  /// List elements: comma-separated flag values accumulate over repeated occurrences (pflag's
  /// string slices append); a config value is an array of strings or a comma-separated string.
  public var list: [String] {
    switch self {
    case .flag(let values): return values.flatMap(Self.splitList)
    case .json(let value):
      if let array = value.arrayValue {
        return array.compactMap { $0.stringValue?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      }
      return value.stringValue.map(Self.splitList) ?? []
    }
  }

  /// The value for `key` in a `key=value,…` map flag (`--feature-gates`), later entries winning,
  /// or the member `key` of a config object.
  public func entry(_ key: String) -> SettingValue? {
    switch self {
    case .flag:
      var found: String?
      for item in list {
        let parts = item.split(separator: "=", maxSplits: 1)
        if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
          found = parts[1].trimmingCharacters(in: .whitespaces)
        }
      }
      return found.map { .flag([$0]) }
    case .json(let value):
      return value[key].map { .json($0) }
    }
  }

  /// Whether a configuration value counts as set (a non-empty string, any other non-null value).
  public var isSet: Bool {
    switch self {
    case .flag(let values): return !values.isEmpty
    case .json(let value):
      if value.isNull { return false }
      if let s = value.stringValue { return !s.isEmpty }
      return true
    }
  }

  /// The value as evidence: a flag's effective string, or the config JSON.
  public var evidence: JSONValue {
    switch self {
    case .flag(let values): return .string(values.last ?? "")
    case .json(let value): return value
    }
  }

  static func splitList(_ s: String) -> [String] {
    s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// Go's `strconv.ParseBool`.
  public static func parseBool(_ s: String) -> Bool? {
    switch s {
    case "1", "t", "T", "true", "TRUE", "True": true
    case "0", "f", "F", "false", "FALSE", "False": false
    default: nil
    }
  }
}

/// How two numbers (or durations) must compare.
public enum Comparison: String, Sendable, Hashable {
  case lessThan = "<"
  case lessOrEqual = "<="
  case equal = "=="
  case notEqual = "!="
  case greaterOrEqual = ">="
  case greaterThan = ">"

  public func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
    switch self {
    case .lessThan: a < b
    case .lessOrEqual: a <= b
    case .equal: a == b
    case .notEqual: a != b
    case .greaterOrEqual: a >= b
    case .greaterThan: a > b
    }
  }
}

/// What a present setting's value must satisfy.
public enum ValueCondition: Sendable, Hashable, CustomStringConvertible {
  /// Any value, even an empty one for a flag; a non-empty one for a config key.
  case isSet
  /// Never holds: the setting must not be given at all.
  case notSet
  case equals(String)
  case notEquals(String)
  /// A boolean with this value (Go syntax; a bare flag is `true`).
  case bool(Bool)
  case listContains(String)
  case listNotContains(String)
  case listContainsAny([String])
  /// At least one element, and every element one of these (an empty list means the component's
  /// built-in choice, which is not a restriction).
  case listWithin([String])
  case number(Comparison, Double)
  case duration(Comparison, GoDuration)

  public func holds(_ value: SettingValue) -> Bool {
    switch self {
    case .isSet: return value.isSet
    case .notSet: return false
    case .equals(let s): return value.scalar == s
    case .notEquals(let s): return value.scalar != s
    case .bool(let b): return value.bool == b
    case .listContains(let s): return value.list.contains(s)
    case .listNotContains(let s): return !value.list.contains(s)
    case .listContainsAny(let options): return value.list.contains { options.contains($0) }
    case .listWithin(let allowed):
      let set = Set(allowed)
      let list = value.list
      return !list.isEmpty && list.allSatisfy { set.contains($0) }
    case .number(let op, let limit): return value.number.map { op.holds($0, limit) } ?? false
    case .duration(let op, let limit): return value.duration.map { op.holds($0, limit) } ?? false
    }
  }

  public var description: String {
    switch self {
    case .isSet: "set"
    case .notSet: "not set"
    case .equals(let s): "== \(s)"
    case .notEquals(let s): "!= \(s)"
    case .bool(let b): b ? "true" : "false"
    case .listContains(let s): "includes \(s)"
    case .listNotContains(let s): "excludes \(s)"
    case .listContainsAny(let options): "includes one of \(options.joined(separator: ", "))"
    case .listWithin(let allowed): "only from the \(allowed.count) allowed values"
    case .number(let op, let n): "\(op.rawValue) \(n.rounded() == n ? String(Int64(n)) : String(n))"
    case .duration(let op, let d): "\(op.rawValue) \(d)"
    }
  }
}
