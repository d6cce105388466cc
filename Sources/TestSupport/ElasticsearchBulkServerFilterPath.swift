import Foundation
import KSPMCore

/// Elasticsearch's `filter_path` response filtering, inclusive patterns only: comma-separated
/// dotted paths whose segments may use `*` wildcards (`errors,items.*.status`). Arrays are
/// transparent; objects left empty are dropped. Exclusions (`-…`) and `**` are ignored.
struct FilterPath: Sendable {
  private let patterns: [[String]]

  /// `nil` when `parameter` holds no usable pattern.
  init?(_ parameter: String) {
    patterns = parameter.split(separator: ",").compactMap { pattern in
      let text = pattern.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty, !text.hasPrefix("-"), !text.contains("**") else { return nil }
      return text.split(separator: ".").map(String.init)
    }
    if patterns.isEmpty { return nil }
  }

  func apply(_ value: JSONValue) -> JSONValue {
    filter(value, patterns) ?? .object(JSONObject())
  }

  private func filter(_ value: JSONValue, _ patterns: [[String]]) -> JSONValue? {
    switch value {
    case .object(let object):
      var kept = JSONObject()
      for member in object.members {
        let matching = patterns.filter { Self.matches($0[0], member.key) }
        if matching.isEmpty { continue }
        if matching.contains(where: { $0.count == 1 }) {
          kept.appendUnchecked(member.key, member.value)
        } else if let inner = filter(member.value, matching.map { Array($0.dropFirst()) }) {
          kept.appendUnchecked(member.key, inner)
        }
      }
      return kept.isEmpty ? nil : .object(kept)
    case .array(let elements):
      let kept = elements.compactMap { filter($0, patterns) }
      return kept.isEmpty ? nil : .array(kept)
    default:
      return nil
    }
  }

  /// Glob match of one path segment, `*` matching any run of characters.
  static func matches(_ pattern: String, _ key: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    if parts.count == 1 { return pattern == key }
    var rest = Substring(key)
    for (offset, part) in parts.enumerated() {
      if offset == 0 {
        guard rest.hasPrefix(part) else { return false }
        rest = rest.dropFirst(part.count)
      } else if offset == parts.count - 1 {
        return part.isEmpty || (rest.hasSuffix(part) && rest.count >= part.count)
      } else if !part.isEmpty {
        guard let range = rest.range(of: part) else { return false }
        rest = rest[range.upperBound...]
      }
    }
    return true
  }
}
