import Engine
import Foundation
import KSPMCore

/// Everything a finished scan shows, for the report formats that need more than the summary
/// (SARIF, JUnit, HTML).
public struct ScanResults: Sendable {
  public var benchmark: BenchmarkInfo
  public var clusterLabel: String?
  public var nodeLabel: String?
  public var summary: PostureSummary
  public var coverage: Coverage
  public var outcomes: [CollectorOutcome]
  /// Failed findings (and, for JUnit, every finding), by rule then resource.
  public var findings: [FindingRecord]
  public var exceptions: [ExceptionUse]
  public var diff: BaselineDiff?
  public var exitStatus: Int32
  public var gateFailures: [String]
  public var date: Date
  /// kspmbeat's version.
  public var version: String

  public init(
    benchmark: BenchmarkInfo, clusterLabel: String?, nodeLabel: String?, summary: PostureSummary, coverage: Coverage,
    outcomes: [CollectorOutcome], findings: [FindingRecord], exceptions: [ExceptionUse], diff: BaselineDiff?,
    exitStatus: Int32, gateFailures: [String], date: Date, version: String
  ) {
    self.benchmark = benchmark
    self.clusterLabel = clusterLabel
    self.nodeLabel = nodeLabel
    self.summary = summary
    self.coverage = coverage
    self.outcomes = outcomes
    self.findings = findings
    self.exceptions = exceptions
    self.diff = diff
    self.exitStatus = exitStatus
    self.gateFailures = gateFailures
    self.date = date
    self.version = version
  }

  /// Kibana's overall score (excepted findings left out); `nil` when nothing was judged.
  public var score: Double? { PostureSummary.score(passed: summary.passed, failed: summary.failed) }

  /// The failed findings of each failed rule (no exception), in rule order.
  public var failuresByRule: [(rule: RuleCoverage, records: [FindingRecord])] {
    let byRule = Dictionary(grouping: findings.filter(\.isFailure), by: \.rule.id)
    return coverage.rules(.failed).map { rule in (rule, rule.metadata.flatMap { byRule[$0.id] } ?? []) }
  }
}
