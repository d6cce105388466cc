import Foundation
import KSPMCore

/// Where a rule of the benchmark stands after a scan. Every rule has exactly one.
public enum RuleStatus: String, Sendable, Hashable, CaseIterable {
  /// Every finding passed.
  case passed
  /// At least one finding failed.
  case failed
  /// Its failed findings are all accepted by exceptions (none failed without one).
  case excepted
  /// What it judges is not here (no etcd on this node, no Pod in the cluster).
  case notApplicable = "not_applicable"
  /// The CIS document has it, kspmbeat has no check for it: a person audits it.
  case manual
  /// The rule selection left it out: not evaluated, no finding.
  case filteredOut = "filtered_out"
  /// What it reads could not be read, or was not read in this scan.
  case notEvaluated = "not_evaluated"

  /// `not applicable`, for people.
  public var title: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// One rule of the benchmark in a scan's coverage.
public struct RuleCoverage: Sendable {
  /// `1.2.7`.
  public var number: String
  public var title: String
  public var section: String
  /// `1.2`.
  public var sectionNumber: String
  /// `Level 1 - Master Node`.
  public var profile: String
  public var status: RuleStatus
  /// Why, for ``RuleStatus/notApplicable``, ``RuleStatus/filteredOut`` and ``RuleStatus/notEvaluated``.
  public var reason: String?
  /// The checked rule's metadata (id, description, remediation, …); `nil` for a manual rule.
  public var metadata: RuleMetadata?
  /// How to assess a manual rule by hand.
  public var audit: String?
  /// Findings that passed and failed, and resources it could not be evaluated for.
  public var passed = 0
  public var failed = 0
  public var notEvaluated = 0
  /// Failed findings an exception accepts (not in ``failed``, not scored).
  public var excepted = 0
  /// The first failing resources (Pods grouped by workload), with their evaluations.
  public var failingExamples: [PostureSummary.FailingExample] = []
  /// The first excepted resources, each with its exception.
  public var exceptedExamples: [PostureSummary.FailingExample] = []
  /// The first resources it could not be evaluated for, with the reason for each.
  public var notEvaluatedExamples: [(resource: String, reason: String)] = []

  public init(
    number: String, title: String, section: String, profile: String, status: RuleStatus, reason: String? = nil
  ) {
    self.number = number
    self.title = title
    self.section = section
    self.sectionNumber = PostureSummary.sectionNumber(of: number)
    self.profile = profile
    self.status = status
    self.reason = reason
  }
}

/// One CIS section in a scan's coverage: its score and every one of its rules.
public struct SectionCoverage: Sendable {
  /// `1.2`.
  public var number: String
  public var name: String
  public var rules: [RuleCoverage]

  /// Findings that passed and failed.
  public var passed: Int { rules.reduce(0) { $0 + $1.passed } }
  public var failed: Int { rules.reduce(0) { $0 + $1.failed } }
  /// Failed findings exceptions accept.
  public var excepted: Int { rules.reduce(0) { $0 + $1.excepted } }
  /// Kibana's score; `nil` when nothing was judged.
  public var score: Double? { PostureSummary.score(passed: passed, failed: failed) }

  /// How many of its rules have `status`.
  public func count(_ status: RuleStatus) -> Int { rules.filter { $0.status == status }.count }

  /// Why nothing was judged, when nothing was: the status and reason all its rules share
  /// (`not applicable: etcd does not run on this node`), else how many have each status.
  public var note: String? {
    guard passed + failed == 0, let first = rules.first else { return nil }
    if rules.allSatisfy({ $0.status == first.status && $0.reason == first.reason }) {
      if let reason = first.reason { return "\(first.status.title): \(reason)" }
      return first.status == .manual ? "manual: \(rules.count) to audit by hand" : first.status.title
    }
    return RuleStatus.allCases.compactMap { status in
      let n = count(status)
      return n == 0 ? nil : "\(n) \(status.title)"
    }.joined(separator: ", ")
  }
}

/// Every rule of a benchmark after a scan, by section, each with its status: nothing is left out.
public struct Coverage: Sendable {
  /// Every rule, checked and manual, in rule-number order.
  public var rules: [RuleCoverage]

  public init(rules: [RuleCoverage]) {
    self.rules = rules.sorted { PostureSummary.numberLess($0.number, $1.number) }
  }

  /// Sections in rule-number order.
  public var sections: [SectionCoverage] {
    var order: [String] = []
    var bySection: [String: SectionCoverage] = [:]
    for rule in rules {
      if bySection[rule.sectionNumber] == nil {
        order.append(rule.sectionNumber)
        bySection[rule.sectionNumber] = SectionCoverage(number: rule.sectionNumber, name: rule.section, rules: [])
      }
      bySection[rule.sectionNumber]!.rules.append(rule)
    }
    return order.map { bySection[$0]! }
  }

  /// How many rules have `status`.
  public func count(_ status: RuleStatus) -> Int { rules.filter { $0.status == status }.count }

  /// The rules with `status`, in rule-number order.
  public func rules(_ status: RuleStatus) -> [RuleCoverage] { rules.filter { $0.status == status } }
}
