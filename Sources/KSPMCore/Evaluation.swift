/// `result.evaluation`: a rule passed or failed for a resource, or could not be evaluated.
public enum EvaluationResult: String, Sendable, Hashable {
  case passed
  case failed
  /// What the rule reads could not be read (a file, a process's environment). No document is
  /// written (Kibana knows only passed and failed); the cycle report, the scan summary and the log
  /// name the rule, the resource and the reason.
  case notEvaluated = "not_evaluated"
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

  /// Not evaluated, and why: what the rule reads could not be read.
  public static func notEvaluated(_ reason: String) -> Evaluation {
    Evaluation(.notEvaluated, evidence: ["reason": .string(reason)])
  }

  /// Why the rule was not evaluated; `nil` when it was.
  public var notEvaluatedReason: String? {
    result == .notEvaluated ? evidence["reason"]?.stringValue ?? "unknown" : nil
  }
}

/// One rule's verdict on one resource.
public struct RuleFinding: Sendable {
  public var rule: RuleMetadata
  public var evaluation: Evaluation
  /// The exception that accepts this failed finding, if one does: it is shown apart and does not
  /// count in the score, and its document says so (``ExceptionMark``).
  public var exception: ExceptionMark?

  public init(rule: RuleMetadata, evaluation: Evaluation, exception: ExceptionMark? = nil) {
    self.rule = rule
    self.evaluation = evaluation
    self.exception = exception
  }
}
