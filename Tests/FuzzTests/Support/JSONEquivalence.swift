import KSPMCore

/// Whether two values mean the same JSON: numbers compare by value (`1` and `1.0` are equal),
/// and a value with a non-finite number (which JSON cannot hold) compares after it became `null`.
func jsonEquivalent(_ a: JSONValue, _ b: JSONValue) -> Bool {
  switch (a, b) {
  case (.null, .null): return true
  case (.double(let x), .null): return !x.isFinite
  case (.bool(let x), .bool(let y)): return x == y
  case (.string(let x), .string(let y)): return x == y
  case (.int(let x), .int(let y)): return x == y
  case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
  case (.double(let x), .double(let y)): return x == y || (x - y).magnitude <= 1e-12 * max(x.magnitude, y.magnitude)
  case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(jsonEquivalent)
  case (.object(let x), .object(let y)):
    return x.members.count == y.members.count
      && zip(x.members, y.members).allSatisfy { $0.key == $1.key && jsonEquivalent($0.value, $1.value) }
  default: return false
  }
}

extension FuzzOutcome {
  /// No line of `texts` is longer than `limit` characters (error texts must not quote large
  /// source lines); `allowance` is added for a file path the texts name.
  mutating func checkLineLengths(_ texts: [String], limit: Int = 1024, allowance: Int = 0) {
    for line in texts.lazy.flatMap({ $0.split(separator: "\n") }) where line.count > limit + allowance {
      violations.append("a message line of \(line.count) characters: \(line.prefix(240))…")
      return
    }
  }
}
