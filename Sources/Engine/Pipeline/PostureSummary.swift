import KSPMCore
import Synchronization

/// Passed/failed counts per rule, with a few failing resources each, and how many resources of
/// each kind were read: what the table, the coverage and the cycle log line show. Memory is
/// bounded by the number of rules and kinds, not of resources.
public final class PostureSummary: Sendable {
  /// Counts and examples for one rule.
  public struct RuleTally: Sendable {
    public var rule: RuleMetadata
    public var passed = 0
    public var failed = 0
    /// Failed findings an exception accepts: counted apart, never in the score.
    public var excepted = 0
    /// Up to ``PostureSummary/examplesPerRule`` failing resources, Pods grouped by their workload.
    public var failingExamples: [FailingExample] = []
    /// The same for excepted findings, each with its exception.
    public var exceptedExamples: [FailingExample] = []
  }

  /// A failing resource, or the failing Pods of one workload, with the first one's evaluation.
  public struct FailingExample: Sendable {
    /// `Pod shop/web`, `file /etc/kubernetes/admin.conf` (the node's path), `process kube-apiserver`,
    /// or the workload (`Deployment shop/web`).
    public var subject: String
    /// Failing resources in this group (1 unless ``subject`` is a workload).
    public var resources: Int
    /// Whether ``subject`` is the owning workload of Pods.
    public var isWorkload: Bool
    /// The first failing resource's evaluation: its evidence and expected value.
    public var evaluation: Evaluation
    /// The exception that accepts it, for an excepted finding.
    public var exception: ExceptionMark?
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
  private let collected = Mutex<[String: Int]>([:])
  private let exceptionTallies = Mutex<[Int: (excepted: Int, lapsed: Int)]>([:])

  public init(examplesPerRule: Int = 10) {
    self.examplesPerRule = examplesPerRule
  }

  /// Counts the passed and failed findings of one resource.
  public func record(_ findings: [RuleFinding], of resource: Resource) {
    // Named only when something failed: most findings pass, and naming costs.
    var subject = ""
    var isWorkload = false
    if findings.contains(where: { $0.evaluation.result == .failed }) {
      let workload = resource.kubernetesObject.flatMap(WorkloadOwner.label(of:))
      subject = JSONWriter.truncated(workload ?? Self.label(resource), limit: 512)
      isWorkload = workload != nil
    }
    var excepted: [Int] = []
    tallies.withLock { t in
      for finding in findings where finding.evaluation.result != .notEvaluated {
        var tally = t[finding.rule.id] ?? RuleTally(rule: finding.rule)
        if finding.evaluation.result == .passed {
          tally.passed += 1
        } else if let mark = finding.exception {
          tally.excepted += 1
          excepted.append(mark.index)
          add(
            FailingExample(
              subject: subject, resources: 1, isWorkload: isWorkload, evaluation: finding.evaluation, exception: mark),
            to: &tally.exceptedExamples)
        } else {
          tally.failed += 1
          add(
            FailingExample(subject: subject, resources: 1, isWorkload: isWorkload, evaluation: finding.evaluation),
            to: &tally.failingExamples)
        }
        t[finding.rule.id] = tally
      }
    }
    if !excepted.isEmpty {
      exceptionTallies.withLock { e in for index in excepted { e[index, default: (0, 0)].excepted += 1 } }
    }
  }

  /// Adds `example` to `examples`: one more Pod of a workload already listed (with the same
  /// exception), else a new entry while there is room.
  private func add(_ example: FailingExample, to examples: inout [FailingExample]) {
    if example.isWorkload,
      let i = examples.firstIndex(where: {
        $0.isWorkload && $0.subject == example.subject && $0.exception?.index == example.exception?.index
      })
    {
      examples[i].resources += 1
    } else if examples.count < examplesPerRule {
      examples.append(example)
    }
  }

  /// Records that the expired exception at `index` covers a failed finding, which counts again.
  public func recordLapsed(exception index: Int) {
    exceptionTallies.withLock { $0[index, default: (0, 0)].lapsed += 1 }
  }

  /// Per exception position: failed findings it excepted, and those it would have had it not expired.
  public var exceptionCounts: [Int: (excepted: Int, lapsed: Int)] { exceptionTallies.withLock { $0 } }

  /// Counts what a page holds, by kind: Kubernetes kinds, process executables, cloud kinds.
  public func recordCollected(_ page: [Resource]) {
    var counts: [String: Int] = [:]
    for resource in page {
      switch resource.payload {
      case .kubernetes(let object): counts["kind " + object.kind, default: 0] += 1
      case .process(let process): counts["process " + process.executable, default: 0] += 1
      case .cloud(let cloud): counts["cloud " + cloud.kind.subType, default: 0] += 1
      case .file: counts["file", default: 0] += 1
      }
    }
    collected.withLock { c in for (key, count) in counts { c[key, default: 0] += count } }
  }

  /// Objects of a Kubernetes kind read in this cycle.
  public func collected(kind: String) -> Int { collected.withLock { $0["kind " + kind] ?? 0 } }

  /// Processes with this executable read in this cycle.
  public func collected(process executable: String) -> Int {
    collected.withLock { $0["process " + executable] ?? 0 }
  }

  /// Cloud resources of this sub-type (`aws-ecr`) read in this cycle.
  public func collected(cloud subType: String) -> Int { collected.withLock { $0["cloud " + subType] ?? 0 } }

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
  /// Failed findings an exception accepts (in neither ``passed`` nor ``failed``).
  public var excepted: Int { tallies.withLock { $0.values.reduce(0) { $0 + $1.excepted } } }

  /// Sections in benchmark order, with their counts.
  public var sections: [SectionScore] {
    var order: [String] = []
    var scores: [String: SectionScore] = [:]
    for tally in rules {
      let section = tally.rule.section
      if scores[section] == nil {
        order.append(section)
        scores[section] = SectionScore(
          section: section, number: Self.sectionNumber(of: tally.rule.ruleNumber), passed: 0, failed: 0)
      }
      scores[section]!.passed += tally.passed
      scores[section]!.failed += tally.failed
    }
    return order.map { scores[$0]! }
  }

  /// The section a rule number belongs to: `1.2` for `1.2.7`, `2` for `2.1`.
  public static func sectionNumber(of number: String) -> String {
    let parts = number.split(separator: ".")
    return parts.count > 2 ? parts.dropLast().joined(separator: ".") : String(parts.first ?? "")
  }

  /// Kibana's formula, rounded to one decimal.
  public static func score(passed: Int, failed: Int) -> Double? {
    let total = passed + failed
    guard total > 0 else { return nil }
    return (Double(passed) / Double(total) * 1000).rounded() / 10
  }

  /// `Pod shop/web`, `file /etc/kubernetes/admin.conf`, `process kube-controller-manager`: a
  /// resource as the summaries name it. Node paths are the node's own (without the host root);
  /// a process is named by its executable, never by the kernel's 15-character name.
  public static func label(_ resource: Resource) -> String {
    switch resource.payload {
    case .kubernetes(let object):
      if let namespace = object.namespace { return "\(object.kind) \(namespace)/\(object.name)" }
      return "\(object.kind) \(object.name)"
    case .file(let file): return "\(resource.subType) \(file.hostPath)"
    case .process(let process): return "process \(process.executable)"
    case .cloud(let cloud): return "\(cloud.kind.title) \(cloud.name)"
    }
  }

  /// Orders `1.2.10` after `1.2.9`.
  public static func numberLess(_ a: String, _ b: String) -> Bool {
    let x = a.split(separator: ".").map { Int($0) ?? 0 }
    let y = b.split(separator: ".").map { Int($0) ?? 0 }
    return x.lexicographicallyPrecedes(y)
  }
}
