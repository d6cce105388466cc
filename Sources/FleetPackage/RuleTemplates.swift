import Benchmarks
import KSPMCore

/// Kibana's `csp-rule-template` saved objects: one per rule of every benchmark of the registry,
/// in the shape Kibana 8.7 and later read (`attributes.metadata` only; migration version 8.7.0),
/// which covers the package's Kibana range (`^8.11.0`).
public enum RuleTemplates {
  /// The saved-object type.
  public static let type = "csp-rule-template"
  /// The saved-object migration version the attributes follow.
  public static let migrationVersion = "8.7.0"

  /// One template per checked rule of every benchmark of the registry, in registry and rule order.
  public static func all() -> [JSONValue] {
    BenchmarkRegistry.all.flatMap { benchmark in benchmark.catalog.map(template) }
  }

  /// `<rule id>.json` → the template's file text, for every rule.
  public static func files() -> [(name: String, text: String)] {
    all().map { template in ("\(template["id"]?.stringValue ?? "").json", PrettyJSON.text(template)) }
  }

  /// The saved object of one rule: its id is the rule's id, so Kibana matches findings to it.
  public static func template(_ rule: RuleMetadata) -> JSONValue {
    [
      "id": .string(rule.id),
      "type": .string(type),
      "attributes": ["metadata": metadata(rule)],
      "migrationVersion": .object(JSONObject([JSONObject.Member(key: type, value: .string(migrationVersion))])),
      "coreMigrationVersion": .string(migrationVersion),
    ]
  }

  /// Every key Kibana's 8.7 metadata schema and Elastic's own rule check require, plus
  /// `rego_rule_id` (the name of the rule's package in Elastic's policy bundle: `cis_1_1_1`).
  static func metadata(_ rule: RuleMetadata) -> JSONValue {
    [
      "id": .string(rule.id),
      "name": .string(rule.name),
      "profile_applicability": .string(rule.profileApplicability),
      "description": .string(rule.description),
      "rationale": .string(rule.rationale),
      "audit": .string(rule.audit),
      "remediation": .string(rule.remediation),
      "impact": .string(rule.impact),
      "default_value": .string(rule.defaultValue),
      "references": .string(rule.references),
      "section": .string(rule.section),
      "version": .string(rule.version),
      "tags": .array(rule.tags.map(JSONValue.string)),
      "benchmark": [
        "name": .string(rule.benchmark.name),
        "version": .string(rule.benchmark.version),
        "id": .string(rule.benchmark.id),
        "rule_number": .string(rule.ruleNumber),
        "posture_type": .string(rule.benchmark.postureType),
      ],
      "rego_rule_id": .string(regoRuleID(rule.ruleNumber)),
    ]
  }

  /// `cis_1_1_1` for rule `1.1.1`.
  static func regoRuleID(_ number: String) -> String {
    "cis_" + number.split(separator: ".", omittingEmptySubsequences: false).joined(separator: "_")
  }
}
