import Engine
import Foundation

/// When a finished scan fails a CI job (`scan --fail-on`, `--min-score`): it then exits with
/// ``exitCode`` and says why.
public struct ScanGate: Sendable, Equatable {
  /// What fails the scan.
  public enum Condition: String, Sendable, Hashable, CaseIterable {
    /// Any finding failed.
    case failed
    /// Any selected rule was not evaluated.
    case notEvaluated = "not-evaluated"
    /// A finding failed that did not fail in the baseline (`--baseline`).
    case new
  }

  /// The exit status of a scan that ran and fails the gate.
  public static let exitCode: Int32 = 4

  public var failOn: Set<Condition> = []
  /// The lowest acceptable overall score, in percent (Kibana's formula).
  public var minScore: Double?

  public init(failOn: Set<Condition> = [], minScore: Double? = nil) {
    self.failOn = failOn
    self.minScore = minScore
  }

  /// Why the scan fails the gate, one reason per condition it breaks; empty when it passes.
  public func failures(summary: PostureSummary, coverage: Coverage, diff: BaselineDiff? = nil) -> [String] {
    var reasons: [String] = []
    if failOn.contains(.new), let diff, !diff.new.isEmpty {
      let rules = Set(diff.new.map(\.ruleNumber)).count
      reasons.append(
        "\(diff.new.count) findings of \(rules) rules failed that did not fail in the baseline (--fail-on new)")
    }
    if failOn.contains(.failed), summary.failed > 0 {
      reasons.append("\(summary.failed) findings of \(coverage.count(.failed)) rules failed (--fail-on failed)")
    }
    if failOn.contains(.notEvaluated), coverage.count(.notEvaluated) > 0 {
      reasons.append("\(coverage.count(.notEvaluated)) rules were not evaluated (--fail-on not-evaluated)")
    }
    if let minScore {
      let minimum = Self.format(minScore)
      if let score = PostureSummary.score(passed: summary.passed, failed: summary.failed) {
        if score < minScore {
          reasons.append("the score \(String(format: "%.1f", score))% is below --min-score \(minimum)")
        }
      } else {
        reasons.append("no finding was judged, so there is no score to compare with --min-score \(minimum)")
      }
    }
    return reasons
  }

  /// `80`, `72.5`.
  static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }
}
