import Engine

/// The table's lists of rules by status: passed, not applicable, filtered out, not evaluated
/// (each with why, rules sharing a reason on one line), and manual with their audit text.
struct CoverageText {
  var style: TextStyle

  func lists(_ coverage: Coverage) -> [String] {
    var lines: [String] = []
    let passed = coverage.rules(.passed)
    if !passed.isEmpty {
      lines += ["", style.bold("Passed (\(passed.count) rules)")]
      lines += style.wrapped(passed.map(\.number), indent: "  ")
    }
    for (status, heading) in [
      (RuleStatus.notApplicable, "Not applicable"), (.filteredOut, "Filtered out"),
    ] {
      let rules = coverage.rules(status)
      guard !rules.isEmpty else { continue }
      lines += ["", style.bold("\(heading) (\(rules.count) rules)")]
      lines += byReason(rules)
    }
    lines += notEvaluated(coverage.rules(.notEvaluated))
    lines += manual(coverage.rules(.manual))
    return lines
  }

  /// One entry per reason: the reason, then the rule numbers that share it.
  func byReason(_ rules: [RuleCoverage]) -> [String] {
    var order: [String] = []
    var numbers: [String: [String]] = [:]
    for rule in rules {
      let reason = rule.reason ?? "no reason given"
      if numbers[reason] == nil { order.append(reason) }
      numbers[reason, default: []].append(rule.number)
    }
    return order.flatMap { reason in ["  \(reason):"] + style.wrapped(numbers[reason]!, indent: "    ") }
  }

  /// Rules with resources they could not be evaluated for list those; the others share reasons.
  func notEvaluated(_ rules: [RuleCoverage]) -> [String] {
    guard !rules.isEmpty else { return [] }
    var lines = ["", style.bold("Not evaluated (\(rules.count) rules)")]
    let withExamples = rules.filter { !$0.notEvaluatedExamples.isEmpty }
    for rule in withExamples {
      lines.append("? \(rule.number)  \(rule.title)")
      for example in rule.notEvaluatedExamples { lines.append("    - \(example.resource): \(example.reason)") }
      let hidden = rule.notEvaluated - rule.notEvaluatedExamples.count
      if hidden > 0 { lines.append("    … and \(hidden) more") }
    }
    lines += byReason(rules.filter { $0.notEvaluatedExamples.isEmpty })
    return lines
  }

  func manual(_ rules: [RuleCoverage]) -> [String] {
    guard !rules.isEmpty else { return [] }
    var lines = ["", style.bold("Manual (\(rules.count) rules): kspmbeat does not check these; audit them by hand")]
    for rule in rules {
      lines.append("")
      lines.append("• \(rule.number)  \(rule.title)")
      lines += style.prose(rule.audit ?? "", indent: "    ")
    }
    return lines
  }
}
