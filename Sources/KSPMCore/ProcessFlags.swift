import Foundation

/// Command-line flags of a process, in both `--flag=value` and `--flag value` forms.
///
/// Keeps every occurrence in order: components built on Go's pflag let the last occurrence win,
/// while list flags may be repeated. Names are stored without leading dashes.
public struct ProcessFlags: Sendable, Hashable {
  /// One occurrence of a flag on the command line.
  public struct Occurrence: Sendable, Hashable {
    public var name: String
    /// `nil` for a bare flag (`--profiling`).
    public var value: String?

    public init(name: String, value: String?) {
      self.name = name
      self.value = value
    }
  }

  public private(set) var occurrences: [Occurrence]

  /// Parses `argv` (the first element is the executable and is skipped).
  public init(arguments: [String]) {
    occurrences = []
    var i = 1
    while i < arguments.count {
      let arg = arguments[i]
      i += 1
      guard arg.hasPrefix("-"), arg != "-", arg != "--" else { continue }
      let body = arg.drop(while: { $0 == "-" })
      if let eq = body.firstIndex(of: "=") {
        occurrences.append(Occurrence(name: String(body[..<eq]), value: String(body[body.index(after: eq)...])))
      } else if i < arguments.count, !arguments[i].hasPrefix("-") {
        occurrences.append(Occurrence(name: String(body), value: arguments[i]))
        i += 1
      } else {
        occurrences.append(Occurrence(name: String(body), value: nil))
      }
    }
  }

  public init(occurrences: [Occurrence]) { self.occurrences = occurrences }

  private static func normalize(_ name: String) -> Substring { name.drop(while: { $0 == "-" }) }

  /// Whether the flag appears at all.
  public func contains(_ name: String) -> Bool {
    let n = Self.normalize(name)
    return occurrences.contains { $0.name == n }
  }

  /// The effective value: the last occurrence wins; a bare flag reads as `""`.
  public func value(_ name: String) -> String? {
    let n = Self.normalize(name)
    guard let last = occurrences.last(where: { $0.name == n }) else { return nil }
    return last.value ?? ""
  }

  /// Every value given for the flag, in order.
  public func values(_ name: String) -> [String] {
    let n = Self.normalize(name)
    return occurrences.filter { $0.name == n }.map { $0.value ?? "" }
  }

  /// The effective value split on commas, trimmed, empty parts dropped (`A,B` → `["A", "B"]`).
  public func list(_ name: String) -> [String]? {
    guard let v = value(name) else { return nil }
    return v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// All flags as `{"--name": "value"}` (last occurrence wins), the evidence shape for process rules.
  public var evidence: JSONValue {
    var object = JSONObject()
    for o in occurrences { object["--" + o.name] = .string(o.value ?? "") }
    return .object(object)
  }
}
