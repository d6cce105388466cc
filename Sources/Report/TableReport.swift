import Engine
import Foundation
import KSPMCore

/// The human summary of a scan: how many rules have each status, a score per CIS section and
/// overall (Kibana's formula, with the reason for a section with nothing judged), then every rule
/// by status: passed, not applicable, filtered out and not evaluated with why, manual with how to
/// audit it, and last each failed rule with its failing resources (evidence and expected value)
/// and its remediation.
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

  public func render(
    _ summary: PostureSummary, coverage: Coverage, outcomes: [CollectorOutcome], exceptions: [ExceptionUse] = [],
    diff: BaselineDiff? = nil
  ) -> String {
    let style = TextStyle(useColor: useColor)
    var lines: [String] = []
    lines.append(style.bold("\(benchmark.name) (\(benchmark.id) \(benchmark.version))"))
    var context: [String] = []
    if let clusterLabel { context.append("cluster: \(clusterLabel)") }
    if let nodeLabel { context.append("node: \(nodeLabel)") }
    let scanned = outcomes.map { "\($0.name) \($0.resources)" }.joined(separator: ", ")
    context.append("resources: \(scanned.isEmpty ? "none" : scanned)")
    lines.append(context.joined(separator: "   "))
    lines.append(Self.ruleCounts(coverage))
    lines.append("")
    lines += sectionTable(summary, coverage: coverage, style: style)
    lines += CoverageText(style: style).lists(coverage)
    lines += ExceptionsText(style: style).render(coverage, exceptions: exceptions)
    lines += FailedRulesText(style: style).render(coverage, summary: summary)
    lines += BaselineText(style: style).render(diff)
    let failures = outcomes.filter { $0.failure != nil }
    if !failures.isEmpty {
      lines.append("")
      for outcome in failures { lines.append("collector \(outcome.name) did not run: \(outcome.failure ?? "")") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `rules: 125 (40 passed, 34 failed, 33 manual, 10 not applicable, 8 not evaluated)`.
  static func ruleCounts(_ coverage: Coverage) -> String {
    let counts = RuleStatus.allCases.compactMap { status -> String? in
      let n = coverage.count(status)
      return n == 0 ? nil : "\(n) \(status.title)"
    }
    return "rules: \(coverage.rules.count) (\(counts.joined(separator: ", ")))"
  }

  func sectionTable(_ summary: PostureSummary, coverage: Coverage, style: TextStyle) -> [String] {
    let sections = coverage.sections
    let nameWidth = min(52, max(28, sections.map { $0.number.count + 1 + $0.name.count }.max() ?? 0))
    var lines = [
      style.pad("Section", nameWidth) + "  " + style.left("Passed", 7) + "  " + style.left("Failed", 7) + "  "
        + style.left("Score", 7)
    ]
    for section in sections {
      let title = style.truncate("\(section.number) \(section.name)", nameWidth)
      var line =
        style.pad(title, nameWidth) + "  " + style.left(String(section.passed), 7) + "  "
        + style.left(String(section.failed), 7) + "  " + style.score(section.score)
      if let note = section.note { line += "  " + style.truncate(note, 100) }
      lines.append(line)
    }
    let overall = PostureSummary.score(passed: summary.passed, failed: summary.failed)
    lines.append(String(repeating: "-", count: nameWidth + 29))
    lines.append(
      style.bold(style.pad("Overall", nameWidth)) + "  " + style.left(String(summary.passed), 7) + "  "
        + style.left(String(summary.failed), 7) + "  " + style.score(overall))
    return lines
  }
}
