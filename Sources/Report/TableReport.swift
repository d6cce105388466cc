import Engine
import Foundation
import KSPMCore

/// The human summary of a scan: a score per CIS section and overall (Kibana's formula), then each
/// failed rule with the resources that fail it.
public struct TableReport: Sendable {
  public var benchmark: BenchmarkInfo
  public var clusterLabel: String?
  public var nodeLabel: String?
  public var useColor: Bool

  public init(benchmark: BenchmarkInfo, clusterLabel: String?, nodeLabel: String?, useColor: Bool) {
    self.benchmark = benchmark
    self.clusterLabel = clusterLabel
    self.nodeLabel = nodeLabel
    self.useColor = useColor
  }

  public func render(_ summary: PostureSummary, outcomes: [CollectorOutcome]) -> String {
    var lines: [String] = []
    lines.append(bold("\(benchmark.name) (\(benchmark.id) \(benchmark.version))"))
    var context: [String] = []
    if let clusterLabel { context.append("cluster: \(clusterLabel)") }
    if let nodeLabel { context.append("node: \(nodeLabel)") }
    let scanned = outcomes.map { "\($0.name) \($0.resources)" }.joined(separator: ", ")
    context.append("resources: \(scanned)")
    lines.append(context.joined(separator: "   "))
    lines.append("")

    let sections = summary.sections
    let nameWidth = min(52, max(28, sections.map { $0.number.count + 1 + $0.section.count }.max() ?? 0))
    lines.append(
      pad("Section", nameWidth) + "  " + left("Passed", 7) + "  " + left("Failed", 7) + "  " + left("Score", 7))
    for section in sections {
      let title = truncate("\(section.number) \(section.section)", nameWidth)
      lines.append(
        pad(title, nameWidth) + "  " + left(String(section.passed), 7) + "  "
          + left(String(section.failed), 7) + "  " + colored(scoreText(section.score), score: section.score))
    }
    let overall = PostureSummary.score(passed: summary.passed, failed: summary.failed)
    lines.append(String(repeating: "-", count: nameWidth + 29))
    lines.append(
      bold(pad("Overall", nameWidth)) + "  " + left(String(summary.passed), 7) + "  "
        + left(String(summary.failed), 7) + "  " + colored(scoreText(overall), score: overall))

    let failedRules = summary.rules.filter { $0.failed > 0 }
    if failedRules.isEmpty {
      lines.append("")
      lines.append(summary.passed > 0 ? "No failed rules." : "No findings: no resource matched a rule.")
    } else {
      lines.append("")
      lines.append(bold("Failed rules (\(failedRules.count))"))
      for tally in failedRules {
        lines.append("")
        lines.append(red("✗ \(tally.rule.ruleNumber)") + "  \(tally.rule.name)")
        lines.append("    \(tally.failed) failed, \(tally.passed) passed")
        for example in tally.failingExamples { lines.append("    - \(example)") }
        let hidden = tally.failed - tally.failingExamples.count
        if hidden > 0 { lines.append("    … and \(hidden) more") }
      }
    }
    let notEvaluated = summary.notEvaluated
    if !notEvaluated.isEmpty {
      lines.append("")
      lines.append(bold("Not evaluated (\(notEvaluated.count) rules): what they read could not be read"))
      for entry in notEvaluated {
        lines.append("")
        lines.append("? \(entry.rule.ruleNumber)  \(entry.rule.name)")
        for example in entry.examples { lines.append("    - \(example.resource): \(example.reason)") }
        let hidden = entry.count - entry.examples.count
        if hidden > 0 { lines.append("    … and \(hidden) more") }
      }
    }
    let failures = outcomes.filter { $0.failure != nil }
    if !failures.isEmpty {
      lines.append("")
      for outcome in failures { lines.append("collector \(outcome.name) did not run: \(outcome.failure ?? "")") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func scoreText(_ score: Double?) -> String {
    guard let score else { return left("-", 7) }
    return left(String(format: "%.1f%%", score), 7)
  }

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

  func colored(_ text: String, score: Double?) -> String {
    guard useColor, let score else { return text }
    let code = score >= 80 ? "32" : score >= 50 ? "33" : "31"
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}
