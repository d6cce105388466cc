import KSPMCore

/// A benchmark as data: its identity, one row per rule, and each rule's prose keyed by rule number.
/// A new benchmark, or a new CIS release of one, is a new table over the same checks.
public struct RuleTable: Sendable {
  public let info: BenchmarkInfo
  /// The rules in rule-number order.
  public let definitions: [RuleDefinition]
  /// Our own prose for every rule, by rule number.
  public let texts: [String: RuleText]
  /// The CIS recommendations without a check, in rule-number order: audited by hand.
  public let manual: [ManualRule]
  /// The benchmark's parts by the names kube-bench gives them (`master`, `node`, `policies`).
  public let targets: [ScanTarget]

  public init(
    info: BenchmarkInfo, definitions: [RuleDefinition], texts: [String: RuleText], manual: [ManualRule] = [],
    targets: [ScanTarget] = []
  ) {
    self.info = info
    self.definitions = definitions
    self.texts = texts
    self.manual = manual
    self.targets = targets
  }

  /// Every rule number, checked or manual.
  public var numbers: [String] { definitions.map(\.number) + manual.map(\.number) }

  /// What is wrong with the table: a rule number used twice, a rule without prose or with an empty
  /// text, prose for a rule that does not exist, a manual rule without audit text. Empty for a
  /// complete table.
  public var problems: [String] {
    var problems: [String] = []
    var seen: Set<String> = []
    for definition in definitions {
      if !seen.insert(definition.number).inserted {
        problems.append("\(info.id) \(definition.number): the rule number is used twice")
      }
      guard let text = texts[definition.number] else {
        problems.append("\(info.id) \(definition.number): no text")
        continue
      }
      for (field, value) in text.fields where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        problems.append("\(info.id) \(definition.number): \(field) is empty")
      }
    }
    for number in texts.keys.sorted() where !seen.contains(number) {
      problems.append("\(info.id) \(number): text for a rule that does not exist")
    }
    for rule in manual {
      if !seen.insert(rule.number).inserted {
        problems.append("\(info.id) \(rule.number): the rule number is used twice")
      }
      if rule.audit.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        problems.append("\(info.id) \(rule.number): the manual rule has no audit text")
      }
    }
    return problems
  }
}

extension RuleText {
  /// Each text by the name of the `rule.*` field it becomes.
  var fields: KeyValuePairs<String, String> {
    [
      "description": description, "rationale": rationale, "audit": audit, "remediation": remediation,
      "impact": impact, "default_value": defaultValue, "references": references,
    ]
  }
}
