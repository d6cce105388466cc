import KSPMCore

/// A benchmark as data: its identity, one row per rule, and each rule's prose keyed by rule number.
/// A new benchmark, or a new CIS release of one, is a new table over the same checks.
public struct RuleTable: Sendable {
  public let info: BenchmarkInfo
  /// The rules in rule-number order.
  public let definitions: [RuleDefinition]
  /// Our own prose for every rule, by rule number.
  public let texts: [String: RuleText]

  public init(info: BenchmarkInfo, definitions: [RuleDefinition], texts: [String: RuleText]) {
    self.info = info
    self.definitions = definitions
    self.texts = texts
  }

  /// What is wrong with the table: a rule number used twice, a rule without prose or with an empty
  /// text, prose for a rule that does not exist. Empty for a complete table.
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
