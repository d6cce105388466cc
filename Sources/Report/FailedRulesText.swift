import Engine

/// The table's failed rules, last: each with its counts, its failing resources (Pods grouped by
/// workload) with evidence and expected value on one line, and its remediation.
struct FailedRulesText {
  var style: TextStyle

  func render(_ coverage: Coverage, summary: PostureSummary) -> [String] {
    let failed = coverage.rules(.failed)
    guard !failed.isEmpty else {
      return ["", summary.passed > 0 ? "No failed rules." : "No findings: no resource matched a rule."]
    }
    var lines = ["", style.bold("Failed rules (\(failed.count))")]
    for rule in failed {
      lines.append("")
      lines.append(style.red("✗ \(rule.number)") + "  \(rule.title)")
      var counts = "\(rule.failed) failed, \(rule.passed) passed"
      if rule.notEvaluated > 0 { counts += ", \(rule.notEvaluated) not evaluated" }
      lines.append("    " + counts)
      for example in rule.failingExamples {
        let pods = example.resources == 1 ? "1 Pod" : "\(example.resources) Pods"
        let subject = example.isWorkload ? "\(example.subject) (\(pods))" : example.subject
        lines.append("    - \(subject): \(EvidenceText.line(example.evaluation))")
      }
      let hidden = rule.failed - rule.failingExamples.reduce(0) { $0 + $1.resources }
      if hidden > 0 { lines.append("    … and \(hidden) more") }
      if let remediation = rule.metadata?.remediation, !remediation.isEmpty {
        lines.append("    Remediation:")
        lines += style.prose(remediation, indent: "      ")
      }
    }
    return lines
  }
}
