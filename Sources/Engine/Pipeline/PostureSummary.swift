import KSPMCore
import Synchronization

/// Passed/failed counts per rule, with a few failing resources each: what the table output and
/// the cycle log line show. Memory is bounded by the number of rules, not of resources.
public final class PostureSummary: Sendable {
  /// Counts and examples for one rule.
  public struct RuleTally: Sendable {
    public var rule: RuleMetadata
    public var passed = 0
    public var failed = 0
    /// Up to ``PostureSummary/examplesPerRule`` failing resources (`kind namespace/name` or a path).
    public var failingExamples: [String] = []
  }

  /// Counts for one CIS section.
  public struct SectionScore: Sendable {
    public var section: String
    /// The section number (`1.1`) of its first rule.
    public var number: String
    public var passed: Int
    public var failed: Int
    /// Kibana's posture score: passed / (passed + failed), in percent; `nil` with no findings.
    public var score: Double? { PostureSummary.score(passed: passed, failed: failed) }
  }

  /// A rule that could not be evaluated for some resources, and why.
  public struct NotEvaluated: Sendable {
    public var rule: RuleMetadata
    public var count = 0
    /// Up to ``PostureSummary/examplesPerRule`` resources with the reason for each.
    public var examples: [(resource: String, reason: String)] = []
  }

  public let examplesPerRule: Int
  private let tallies = Mutex<[String: RuleTally]>([:])
  private let skipped = Mutex<[String: NotEvaluated]>([:])

  public init(examplesPerRule: Int = 10) {
    self.examplesPerRule = examplesPerRule
  }

  /// Counts a batch of encoded findings.
  public func record(_ documents: [FindingDocument]) {
    tallies.withLock { t in
      for document in documents {
        let s = document.summary
        var tally = t[s.rule.id] ?? RuleTally(rule: s.rule)
        if s.evaluation == .passed {
          tally.passed += 1
        } else {
          tally.failed += 1
          if tally.failingExamples.count < examplesPerRule {
            tally.failingExamples.append(JSONWriter.truncated(Self.label(s), limit: 512))
          }
        }
        t[s.rule.id] = tally
      }
    }
  }

  /// Records that `rule` could not be evaluated for `resource`.
  public func recordNotEvaluated(rule: RuleMetadata, resource: String, reason: String) {
    skipped.withLock { s in
      var entry = s[rule.id] ?? NotEvaluated(rule: rule)
      entry.count += 1
      if entry.examples.count < examplesPerRule {
        entry.examples.append((JSONWriter.truncated(resource, limit: 512), JSONWriter.truncated(reason, limit: 2048)))
      }
      s[rule.id] = entry
    }
  }

  /// Rules that could not be evaluated for some resources, in rule-number order.
  public var notEvaluated: [NotEvaluated] {
    skipped.withLock { Array($0.values) }.sorted { Self.numberLess($0.rule.ruleNumber, $1.rule.ruleNumber) }
  }

  /// How many rule-and-resource pairs were not evaluated.
  public var notEvaluatedCount: Int { skipped.withLock { $0.values.reduce(0) { $0 + $1.count } } }

  /// Every rule that produced a finding, in rule-number order.
  public var rules: [RuleTally] {
    tallies.withLock { Array($0.values) }.sorted { Self.numberLess($0.rule.ruleNumber, $1.rule.ruleNumber) }
  }

  public var passed: Int { tallies.withLock { $0.values.reduce(0) { $0 + $1.passed } } }
  public var failed: Int { tallies.withLock { $0.values.reduce(0) { $0 + $1.failed } } }

  /// Sections in benchmark order, with their counts.
  public var sections: [SectionScore] {
    var order: [String] = []
    var scores: [String: SectionScore] = [:]
    for tally in rules {
      let section = tally.rule.section
      if scores[section] == nil {
        order.append(section)
        let parts = tally.rule.ruleNumber.split(separator: ".")
        let number = parts.count > 2 ? parts.dropLast().joined(separator: ".") : String(parts.first ?? "")
        scores[section] = SectionScore(section: section, number: number, passed: 0, failed: 0)
      }
      scores[section]!.passed += tally.passed
      scores[section]!.failed += tally.failed
    }
    return order.map { scores[$0]! }
  }

  /// Kibana's formula, rounded to one decimal.
  public static func score(passed: Int, failed: Int) -> Double? {
    let total = passed + failed
    guard total > 0 else { return nil }
    return (Double(passed) / Double(total) * 1000).rounded() / 10
  }

  /// `Pod shop/web`, `file /etc/…`, `process etcd`: a resource as the summaries name it.
  public static func label(_ resource: Resource) -> String {
    switch resource.payload {
    case .kubernetes(let object):
      if let namespace = object.namespace { return "\(object.kind) \(namespace)/\(object.name)" }
      return "\(object.kind) \(object.name)"
    case .file: return "\(resource.subType) \(resource.name)"
    case .process(let process): return "process \(process.executable)"
    case .cloud(let cloud): return "\(cloud.kind.title) \(cloud.name)"
    }
  }

  static func label(_ s: FindingSummary) -> String {
    switch s.resourceType {
    case .kubernetesObject:
      if let namespace = s.resourceNamespace { return "\(s.resourceSubType) \(namespace)/\(s.resourceName)" }
      return "\(s.resourceSubType) \(s.resourceName)"
    case .file: return "\(s.resourceSubType) \(s.resourceName)"
    case .process: return "process \(s.resourceName)"
    default: return "\(s.resourceType.rawValue) \(s.resourceName)"
    }
  }

  /// Orders `1.2.10` after `1.2.9`.
  public static func numberLess(_ a: String, _ b: String) -> Bool {
    let x = a.split(separator: ".").map { Int($0) ?? 0 }
    let y = b.split(separator: ".").map { Int($0) ?? 0 }
    return x.lexicographicallyPrecedes(y)
  }
}
