import Yams

/// Where each value of a YAML text starts: its line (1-based) by dotted key path
/// (`kspmbeat.exceptions[1].reason`; a dotted key is split as beats-style settings are), so an
/// error about a setting can name its line. Only the first document is indexed.
public struct YAMLLineIndex: Sendable {
  private var lines: [String: Int] = [:]

  /// An empty index when `text` is not valid YAML (its parse error already names a line).
  public init(_ text: String) {
    guard let node = try? Yams.compose(yaml: text, .default, .default, .utf8) else { return }
    var budget = 1_000_000
    add(node, path: "", budget: &budget)
  }

  /// The line of the value at `path`, else of its closest parent that has one.
  public func line(of path: String) -> Int? {
    var candidate = Substring(path)
    while !candidate.isEmpty {
      if let line = lines[String(candidate)] { return line }
      guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      candidate = candidate[..<cut]
    }
    return nil
  }

  private mutating func add(_ node: Node, path: String, budget: inout Int) {
    budget -= 1
    guard budget > 0 else { return }
    if !path.isEmpty, let mark = node.mark, lines[path] == nil { lines[path] = mark.line }
    switch node {
    case .mapping(let mapping):
      for (key, value) in mapping {
        guard case .scalar(let scalar) = key else { continue }
        let child = path.isEmpty ? scalar.string : path + "." + scalar.string
        // A key's line is where the setting is written, even when its value is a block below it.
        if let mark = key.mark, lines[child] == nil { lines[child] = mark.line }
        add(value, path: child, budget: &budget)
      }
    case .sequence(let sequence):
      for (index, element) in sequence.enumerated() { add(element, path: path + "[\(index)]", budget: &budget) }
    case .scalar, .alias:
      break
    }
  }
}
