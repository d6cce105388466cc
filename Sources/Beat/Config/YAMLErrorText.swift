/// Turns the YAML parser's message into a config error reason: keeps the line and column, drops the
/// echoed source line (it may hold a secret) and the parser's internal wording.
///
/// `4:1: error: parser: did not find expected ',' or ']':   hosts: [a ^` becomes
/// `invalid YAML at line 4, column 1: did not find expected ',' or ']'`.
enum YAMLErrorText {
  static func reason(_ message: String, text: String) -> String {
    var rest = Substring(message)
    // The source line the parser echoes last, followed by a caret line.
    if rest.hasSuffix("^") {
      while let last = rest.last, last == "^" || last == " " { rest = rest.dropLast() }
      let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
        var trimmed = line
        while let last = trimmed.last, last == " " || last == "\t" || last == "\r" { trimmed = trimmed.dropLast() }
        return trimmed
      }
      if let echoed = lines.filter({ !$0.isEmpty && rest.hasSuffix($0) }).max(by: { $0.count < $1.count }) {
        rest = rest.dropLast(echoed.count)
      }
      while let last = rest.last, last == " " || last == ":" { rest = rest.dropLast() }
    }
    // "L:C: error: parser: problem" → "at line L, column C: problem"
    let parts = rest.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
    if parts.count == 5, let line = Int(parts[0]), let column = Int(parts[1]), parts[2] == " error" {
      return "invalid YAML at line \(line), column \(column):\(parts[4])"
    }
    return "invalid YAML: \(rest)"
  }
}
