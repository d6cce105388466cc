/// The prose of one rule, in our own words: what it checks, why, how to audit and fix it.
public struct RuleText: Sendable, Hashable {
  public var description: String
  public var rationale: String
  public var audit: String
  public var remediation: String
  public var impact: String
  public var defaultValue: String
  public var references: String

  public init(
    description: String, rationale: String, audit: String, remediation: String, impact: String,
    defaultValue: String, references: String
  ) {
    self.description = description
    self.rationale = rationale
    self.audit = audit
    self.remediation = remediation
    self.impact = impact
    self.defaultValue = defaultValue
    self.references = references
  }
}
