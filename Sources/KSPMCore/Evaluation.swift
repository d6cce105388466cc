/// `result.evaluation`: a rule either passed or failed for a resource.
public enum EvaluationResult: String, Sendable, Hashable {
  case passed
  case failed
}

/// The outcome of one check on one resource, with what decided it.
public struct Evaluation: Sendable, Hashable {
  public var result: EvaluationResult
  /// `result.evidence`: the values that decided the result (flags, mode, owner, container fields).
  public var evidence: JSONValue
  /// `result.expected`: what a passing resource would show, when that can be said.
  public var expected: JSONValue?

  public init(_ result: EvaluationResult, evidence: JSONValue, expected: JSONValue? = nil) {
    self.result = result
    self.evidence = evidence
    self.expected = expected
  }

  public static func passed(evidence: JSONValue, expected: JSONValue? = nil) -> Evaluation {
    Evaluation(.passed, evidence: evidence, expected: expected)
  }

  public static func failed(evidence: JSONValue, expected: JSONValue? = nil) -> Evaluation {
    Evaluation(.failed, evidence: evidence, expected: expected)
  }
}

/// One rule's verdict on one resource.
public struct RuleFinding: Sendable {
  public var rule: RuleMetadata
  public var evaluation: Evaluation

  public init(rule: RuleMetadata, evaluation: Evaluation) {
    self.rule = rule
    self.evaluation = evaluation
  }
}
