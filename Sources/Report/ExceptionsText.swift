import Engine

/// The table's excepted findings and exceptions: each rule whose failures an exception accepts,
/// with the resources and the reason, then every exception with what it did (how many findings it
/// excepted, that it has expired and its findings count again, or that it matched nothing).
struct ExceptionsText {
  var style: TextStyle

  func render(_ coverage: Coverage, exceptions: [ExceptionUse]) -> [String] {
    guard !exceptions.isEmpty else { return [] }
    var lines: [String] = []
    let rules = coverage.rules.filter { $0.excepted > 0 }
    let total = rules.reduce(0) { $0 + $1.excepted }
    lines += [
      "", style.bold("Excepted (\(total) findings of \(rules.count) rules): accepted failures, not in the score"),
    ]
    for rule in rules {
      lines.append("~ \(rule.number)  \(rule.title)")
      for example in rule.exceptedExamples {
        let pods = example.resources == 1 ? "" : " (\(example.resources) Pods)"
        lines.append("    - \(example.subject)\(pods): \(EvidenceText.line(example.evaluation, limit: 160))")
        if let mark = example.exception {
          lines.append(
            "      excepted: \(mark.reason) (owner \(mark.owner)\(mark.expires.map { ", expires \($0)" } ?? ""))")
        }
      }
      let hidden = rule.excepted - rule.exceptedExamples.reduce(0) { $0 + $1.resources }
      if hidden > 0 { lines.append("    … and \(hidden) more") }
    }
    lines += ["", style.bold("Exceptions (\(exceptions.count))")]
    for use in exceptions {
      let exception = use.exception
      var state = "\(use.excepted) findings excepted"
      if use.expired {
        state = style.red(
          "EXPIRED (expires \(exception.expiry?.text ?? "")): \(use.lapsedText)")
      } else if use.excepted == 0 {
        state = "matched no failed finding"
      }
      lines.append(
        "  \(exception.origin)  rules \(exception.rules.map(\.text).joined(separator: ", ")) on \(exception.resources): \(state)"
      )
      lines.append(
        "      reason: \(exception.reason); owner: \(exception.owner); expires: \(exception.expiry?.text ?? "never")")
    }
    return lines
  }
}
