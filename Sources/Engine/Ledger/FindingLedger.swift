import KSPMCore
import Synchronization

/// Keeps the findings of one scan for the report formats (SARIF, JUnit, HTML) and the baseline
/// comparison: failed ones (excepted too) always, with their evidence; passed and not evaluated
/// ones only when asked (``Keep/all``, JUnit), or, for passed ones, when a baseline failure has
/// their key. Its memory grows with what it keeps: one small record per finding kept.
public final class FindingLedger: FindingObserver {
  public enum Keep: Sendable {
    /// Failed findings (and passed ones with a watched key).
    case failed
    /// Every finding.
    case all
  }

  public let keep: Keep
  /// Keys of baseline failures: a passed finding with one is kept (it is fixed).
  public let watched: Set<FindingKey>
  /// `host.name` of node findings, for process keys.
  public let nodeName: String
  private let records = Mutex<[FindingRecord]>([])

  public init(keep: Keep, watched: Set<FindingKey> = [], nodeName: String) {
    self.keep = keep
    self.watched = watched
    self.nodeName = nodeName
  }

  public func observe(_ resource: Resource, findings: [RuleFinding], resourceID: String) {
    var kept: [FindingRecord] = []
    var location: ResourceLocation?
    var subject: String?
    for finding in findings {
      let key = FindingKey.of(
        ruleID: finding.rule.id, resourceID: resourceID, process: resource.process?.executable, node: nodeName)
      let result = finding.evaluation.result
      guard keep == .all || result == .failed || (result == .passed && watched.contains(key)) else { continue }
      location = location ?? ResourceLocation(resource)
      subject = subject ?? PostureSummary.label(resource)
      kept.append(
        FindingRecord(
          rule: finding.rule, resourceID: resourceID, key: key, subject: subject!, location: location!,
          result: result, evaluation: result == .passed ? nil : finding.evaluation, exception: finding.exception))
    }
    if !kept.isEmpty { records.withLock { $0 += kept } }
  }

  /// Everything kept, by rule number then resource.
  public var all: [FindingRecord] {
    records.withLock { $0 }.sorted {
      $0.rule.ruleNumber != $1.rule.ruleNumber
        ? PostureSummary.numberLess($0.rule.ruleNumber, $1.rule.ruleNumber) : $0.subject < $1.subject
    }
  }
}
