import Benchmarks
import Foundation
import KSPMCore

/// An accepted failure: which rules and resources it covers, why, who owns it, and until when.
/// A failed finding it covers is *excepted*: shown apart, left out of the score, its document
/// marked; once it has expired, the findings count again.
public struct FindingException: Sendable, Hashable, CustomStringConvertible {
  /// Rule numbers or Kibana rule ids, globs (`5.2.*`).
  public var rules: [RuleNumberPattern]
  public var resources: ResourceSelector
  public var reason: String
  public var owner: String
  public var expiry: ExceptionExpiry?
  /// Where it is written (`exceptions.yaml:12`, `kspmbeat.exceptions[0]`), for messages.
  public var origin: String

  public init(
    rules: [String], resources: ResourceSelector = ResourceSelector(), reason: String, owner: String,
    expiry: ExceptionExpiry? = nil, origin: String
  ) {
    self.rules = rules.map(RuleNumberPattern.init)
    self.resources = resources
    self.reason = reason
    self.owner = owner
    self.expiry = expiry
    self.origin = origin
  }

  /// Whether it names `rule` by number or id.
  public func covers(_ rule: RuleMetadata) -> Bool {
    rules.contains { $0.matches(rule.ruleNumber) || $0.matches(rule.id) }
  }

  public func hasExpired(at date: Date) -> Bool { expiry?.hasPassed(at: date) ?? false }

  /// What an excepted finding's document and the summaries carry.
  public func mark(index: Int) -> ExceptionMark {
    ExceptionMark(index: index, reason: reason, owner: owner, expires: expiry?.text, end: expiry?.end)
  }

  /// `rules 5.2.2 on namespace kube-system, kind Pod (exceptions.yaml:4)`.
  public var description: String {
    "rules \(rules.map(\.text).joined(separator: ",")) on \(resources) (\(origin))"
  }
}

/// The exceptions of a scan or of the daemon's configuration, in the order written: the first
/// one that covers a failed finding and has not expired excepts it.
public struct ExceptionList: Sendable, Hashable {
  public var exceptions: [FindingException]

  public init(_ exceptions: [FindingException] = []) { self.exceptions = exceptions }

  public var isEmpty: Bool { exceptions.isEmpty }

  /// For each rule id of `rules`, the positions of the exceptions naming it.
  public func index(for rules: [RuleMetadata]) -> [String: [Int]] {
    var index: [String: [Int]] = [:]
    for rule in rules {
      let covering = exceptions.indices.filter { exceptions[$0].covers(rule) }
      if !covering.isEmpty { index[rule.id] = covering }
    }
    return index
  }

  /// Marks the failed findings of `resource` that an exception in force at `date` covers;
  /// returns the positions of expired exceptions that would have covered a finding, one entry
  /// per finding.
  public func apply(
    to findings: inout [RuleFinding], of resource: Resource, at date: Date, index: [String: [Int]]
  ) -> [Int] {
    var expired: [Int] = []
    for i in findings.indices where findings[i].evaluation.result == .failed {
      guard let candidates = index[findings[i].rule.id] else { continue }
      var lapsed: Int?
      for position in candidates where exceptions[position].resources.matches(resource) {
        if exceptions[position].hasExpired(at: date) {
          lapsed = lapsed ?? position
        } else {
          findings[i].exception = exceptions[position].mark(index: position)
          lapsed = nil
          break
        }
      }
      if let lapsed { expired.append(lapsed) }
    }
    return expired
  }
}
