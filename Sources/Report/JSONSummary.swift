import Engine
import KSPMCore

/// `scan --format json`: one JSON object for scripts. The score, totals (findings, and rules by
/// status), every section with its score, every rule of the benchmark with its status (and why,
/// its failing resources with evidence and expected value, its remediation or audit text), the
/// collectors, and the exit status with the reasons of a failed gate.
public struct JSONSummary: Sendable {
  public var benchmark: BenchmarkInfo
  public var clusterLabel: String?
  public var nodeLabel: String?

  public init(benchmark: BenchmarkInfo, clusterLabel: String?, nodeLabel: String?) {
    self.benchmark = benchmark
    self.clusterLabel = clusterLabel
    self.nodeLabel = nodeLabel
  }

  public func render(
    _ summary: PostureSummary, coverage: Coverage, outcomes: [CollectorOutcome], exitStatus: Int32,
    gateFailures: [String], exceptions: [ExceptionUse] = [], diff: BaselineDiff? = nil
  ) -> String {
    var rules = JSONObject()
    rules["total"] = .int(Int64(coverage.rules.count))
    for status in RuleStatus.allCases { rules[status.rawValue] = .int(Int64(coverage.count(status))) }
    let root: JSONValue = [
      "benchmark": [
        "id": .string(benchmark.id), "name": .string(benchmark.name), "version": .string(benchmark.version),
      ],
      "cluster": clusterLabel.map { .string($0) } ?? .null,
      "node": nodeLabel.map { .string($0) } ?? .null,
      "score": Self.number(PostureSummary.score(passed: summary.passed, failed: summary.failed)),
      "totals": [
        "findings": [
          "passed": .int(Int64(summary.passed)), "failed": .int(Int64(summary.failed)),
          "not_evaluated": .int(Int64(summary.notEvaluatedCount)), "excepted": .int(Int64(summary.excepted)),
        ],
        "rules": .object(rules),
      ],
      "exceptions": .array(exceptions.map(Self.exception)),
      "sections": .array(coverage.sections.map(Self.section)),
      "rules": .array(coverage.rules.map(Self.rule)),
      "collectors": .array(outcomes.map(Self.collector)),
      "exit": ["status": .int(Int64(exitStatus)), "gate_failures": .array(gateFailures.map { .string($0) })],
    ]
    guard let diff, var object = root.objectValue else { return JSONWriter.string(root) + "\n" }
    object["baseline"] = Self.baseline(diff)
    return JSONWriter.string(.object(object)) + "\n"
  }

  static func section(_ section: SectionCoverage) -> JSONValue {
    var rules = JSONObject()
    for status in RuleStatus.allCases { rules[status.rawValue] = .int(Int64(section.count(status))) }
    return [
      "number": .string(section.number), "name": .string(section.name), "score": number(section.score),
      "findings": ["passed": .int(Int64(section.passed)), "failed": .int(Int64(section.failed))],
      "rules": .object(rules), "note": section.note.map { .string($0) } ?? .null,
    ]
  }

  static func rule(_ rule: RuleCoverage) -> JSONValue {
    let base: JSONValue = [
      "number": .string(rule.number), "title": .string(rule.title), "section": .string(rule.section),
      "section_number": .string(rule.sectionNumber), "profile": .string(rule.profile),
      "status": .string(rule.status.rawValue), "reason": rule.reason.map { .string($0) } ?? .null,
    ]
    var object = base.objectValue ?? JSONObject()
    if let metadata = rule.metadata { object["id"] = .string(metadata.id) }
    object["findings"] = [
      "passed": .int(Int64(rule.passed)), "failed": .int(Int64(rule.failed)),
      "not_evaluated": .int(Int64(rule.notEvaluated)), "excepted": .int(Int64(rule.excepted)),
    ]
    if !rule.failingExamples.isEmpty {
      object["failing"] = .array(
        rule.failingExamples.map { example in
          [
            "resource": .string(example.subject), "workload": .bool(example.isWorkload),
            "resources": .int(Int64(example.resources)), "summary": .string(EvidenceText.line(example.evaluation)),
            "evidence": example.evaluation.evidence, "expected": example.evaluation.expected ?? .null,
          ]
        })
    }
    if !rule.exceptedExamples.isEmpty {
      object["excepted"] = .array(
        rule.exceptedExamples.map { example in
          [
            "resource": .string(example.subject), "workload": .bool(example.isWorkload),
            "resources": .int(Int64(example.resources)), "summary": .string(EvidenceText.line(example.evaluation)),
            "reason": .string(example.exception?.reason ?? ""), "owner": .string(example.exception?.owner ?? ""),
            "expires": example.exception?.expires.map { .string($0) } ?? .null,
          ]
        })
    }
    if !rule.notEvaluatedExamples.isEmpty {
      object["not_evaluated"] = .array(
        rule.notEvaluatedExamples.map { ["resource": .string($0.resource), "reason": .string($0.reason)] })
    }
    if rule.status == .failed, let remediation = rule.metadata?.remediation {
      object["remediation"] = .string(remediation)
    }
    if let audit = rule.audit { object["audit"] = .string(audit) }
    return .object(object)
  }

  /// One exception with what it did: `excepted` findings, `lapsed` ones it covers but no longer
  /// excepts because it `expired`.
  static func exception(_ use: ExceptionUse) -> JSONValue {
    let exception = use.exception
    var labels = JSONObject()
    for (key, pattern) in exception.resources.labels.sorted(by: { $0.key < $1.key }) {
      labels[key] = .string(pattern.text)
    }
    return [
      "origin": .string(exception.origin), "rules": .array(exception.rules.map { .string($0.text) }),
      "resources": [
        "namespace": .array(exception.resources.namespaces.map { .string($0.text) }),
        "kind": .array(exception.resources.kinds.map(JSONValue.string)),
        "name": .array(exception.resources.names.map { .string($0.text) }), "labels": .object(labels),
      ],
      "reason": .string(exception.reason), "owner": .string(exception.owner),
      "expires": exception.expiry.map { .string($0.text) } ?? .null, "expired": .bool(use.expired),
      "excepted": .int(Int64(use.excepted)), "lapsed": .int(Int64(use.lapsed)),
    ]
  }

  /// `--baseline`: every new, fixed, unchanged, now excepted and not compared finding.
  static func baseline(_ diff: BaselineDiff) -> JSONValue {
    func items(_ list: [BaselineDiff.Item]) -> JSONValue {
      .array(
        list.map { item in
          [
            "rule": .string(item.ruleNumber), "rule_id": .string(item.key.ruleID), "resource": .string(item.subject),
            "key": .string(item.key.resource),
            "summary": item.evaluation.map { .string(EvidenceText.line($0)) } ?? item.note.map { .string($0) } ?? .null,
          ]
        })
    }
    return [
      "path": .string(diff.baselinePath),
      "baseline_findings": ["failed": .int(Int64(diff.baselineFailed)), "passed": .int(Int64(diff.baselinePassed))],
      "counts": [
        "new": .int(Int64(diff.new.count)), "fixed": .int(Int64(diff.fixed.count)),
        "unchanged": .int(Int64(diff.unchanged.count)), "excepted": .int(Int64(diff.excepted.count)),
        "not_compared": .int(Int64(diff.notCompared.count)),
      ],
      "new": items(diff.new), "fixed": items(diff.fixed), "unchanged": items(diff.unchanged),
      "excepted": items(diff.excepted), "not_compared": items(diff.notCompared),
    ]
  }

  static func collector(_ outcome: CollectorOutcome) -> JSONValue {
    [
      "name": .string(outcome.name), "resources": .int(Int64(outcome.resources)),
      "findings": .int(Int64(outcome.findings)), "warnings": .int(Int64(outcome.warnings)),
      "failure": outcome.failure.map { .string($0) } ?? .null,
    ]
  }

  static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
}
