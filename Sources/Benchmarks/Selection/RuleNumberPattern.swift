/// A rule-number glob (`5.1.*`, `1.2.?`): `*` matches any run of characters, dots included, `?`
/// one character; anything else matches itself.
public struct RuleNumberPattern: Sendable, Hashable, CustomStringConvertible {
  public let text: String

  public init(_ text: String) { self.text = text }

  public func matches(_ number: String) -> Bool {
    Self.match(Array(text), Array(number))
  }

  public var description: String { text }

  /// Iterative wildcard matching with backtracking to the last `*`.
  static func match(_ pattern: [Character], _ subject: [Character]) -> Bool {
    var p = 0
    var s = 0
    var star: Int?
    var resume = 0
    while s < subject.count {
      if p < pattern.count, pattern[p] == "?" || pattern[p] == subject[s] {
        p += 1
        s += 1
      } else if p < pattern.count, pattern[p] == "*" {
        star = p
        resume = s
        p += 1
      } else if let star {
        p = star + 1
        resume += 1
        s = resume
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}
