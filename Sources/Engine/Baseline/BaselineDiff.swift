import KSPMCore

/// A scan compared with a baseline (``BaselineFindings``), finding by finding (``FindingKey``):
/// failures that are new, that were there before, that are fixed, and baseline failures this scan
/// could not compare because it did not evaluate their rule.
public struct BaselineDiff: Sendable {
  public struct Item: Sendable {
    public var key: FindingKey
    public var ruleNumber: String
    public var ruleTitle: String
    public var subject: String
    /// What decided a current failure.
    public var evaluation: Evaluation?
    /// How a baseline failure was fixed, why it was not compared, or the exception now accepting it.
    public var note: String?
  }

  public var baselinePath: String
  /// Failed now (no exception), not failed in the baseline.
  public var new: [Item] = []
  /// Failed now and in the baseline.
  public var unchanged: [Item] = []
  /// Failed in the baseline; now passing, or no longer there while its rule was evaluated.
  public var fixed: [Item] = []
  /// Failed in the baseline and now accepted by an exception.
  public var excepted: [Item] = []
  /// Failed in the baseline; this scan did not evaluate the rule (filtered out, not evaluated).
  public var notCompared: [Item] = []
  /// Findings the baseline holds.
  public var baselineFailed: Int
  public var baselinePassed: Int

  /// Compares the failures (and watched passes) of `records` with `baseline`; `status` gives each
  /// rule id's status in this scan, to tell a fixed finding from one not evaluated this time.
  public init(
    baseline: BaselineFindings, records: [FindingRecord], status: (String) -> (evaluated: Bool, why: String?)
  ) {
    baselinePath = baseline.path
    baselineFailed = baseline.failures.count
    baselinePassed = baseline.passed
    var seen = Set<FindingKey>()
    var passing: [FindingKey: FindingRecord] = [:]
    for record in records {
      func item(_ note: String? = nil) -> Item {
        Item(
          key: record.key, ruleNumber: record.rule.ruleNumber, ruleTitle: record.rule.name, subject: record.subject,
          evaluation: record.evaluation, note: note)
      }
      switch record.result {
      case .failed:
        let before = baseline.failures[record.key] != nil
        if before { seen.insert(record.key) }
        if let exception = record.exception {
          if before { excepted.append(item("excepted: \(exception.reason) (owner \(exception.owner))")) }
        } else if before {
          unchanged.append(item())
        } else {
          new.append(item())
        }
      case .passed: passing[record.key] = record
      case .notEvaluated: break
      }
    }
    for failure in baseline.failures.values where !seen.contains(failure.key) {
      var item = Item(
        key: failure.key, ruleNumber: failure.ruleNumber, ruleTitle: failure.ruleTitle, subject: failure.subject)
      if let now = passing[failure.key] {
        item.subject = now.subject
        item.note = "passes now"
        fixed.append(item)
        continue
      }
      let rule = status(failure.key.ruleID)
      if rule.evaluated {
        item.note = "no longer found"
        fixed.append(item)
      } else {
        item.note = rule.why ?? "its rule was not evaluated in this scan"
        notCompared.append(item)
      }
    }
    for list in [\BaselineDiff.new, \.unchanged, \.fixed, \.excepted, \.notCompared] {
      self[keyPath: list].sort {
        $0.ruleNumber != $1.ruleNumber
          ? PostureSummary.numberLess($0.ruleNumber, $1.ruleNumber) : $0.subject < $1.subject
      }
    }
  }
}
