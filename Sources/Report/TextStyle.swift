import Foundation

/// Padding, truncation and colours of the terminal table.
struct TextStyle: Sendable {
  var useColor: Bool

  func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  func left(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  func truncate(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(width - 1)) + "…"
  }

  func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  func red(_ text: String) -> String { useColor ? "\u{1B}[31m\(text)\u{1B}[0m" : text }

  /// A score right-aligned in 7 columns, green from 80%, yellow from 50%, else red; `-` for none.
  func score(_ score: Double?) -> String {
    guard let score else { return left("-", 7) }
    let text = left(String(format: "%.1f%%", score), 7)
    guard useColor else { return text }
    let code = score >= 80 ? "32" : score >= 50 ? "33" : "31"
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  /// `items` joined by `separator` and a space, in lines of at most `width` characters (unless an
  /// item is longer), each starting with `indent`.
  func wrapped(_ items: [String], indent: String, width: Int = 100, separator: String = ",") -> [String] {
    var lines: [String] = []
    var line = indent
    for (i, item) in items.enumerated() {
      let piece = item + (i == items.count - 1 ? "" : separator)
      if line.count > indent.count, line.count + 1 + piece.count > width {
        lines.append(line)
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + piece
    }
    if line.count > indent.count { lines.append(line) }
    return lines
  }

  /// A rule's prose (remediation, audit) indented and wrapped at `width`, without Markdown code
  /// fences; code lines are kept whole.
  func prose(_ text: String, indent: String, width: Int = 110) -> [String] {
    var lines: [String] = []
    var inCode = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
        inCode.toggle()
        continue
      }
      if line.isEmpty {
        if !(lines.last?.isEmpty ?? true) { lines.append("") }
      } else if inCode {
        lines.append(indent + line)
      } else {
        lines += wrapped(line.split(separator: " ").map(String.init), indent: indent, width: width, separator: "")
      }
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }
}
