import KSPMCore

/// What one cycle did: for the cycle's log line, the scan summary, the Agent's unit state, tests.
public struct CycleReport: Sendable {
  /// `event.sequence` of its findings.
  public var sequence: Int64
  /// What its findings share: cluster, node, agent.
  public var context: CycleContext
  public var trigger: CycleTrigger
  public var duration: Duration
  /// Per collector, in the assembly's order.
  public var outcomes: [CollectorOutcome]
  /// Passed and failed counts per rule and section.
  public var summary: PostureSummary
  /// Where the time went.
  public var stages: StageTimes
  /// Each exception of the plan with what it did (empty without exceptions).
  public var exceptions: [ExceptionUse] = []

  public init(
    sequence: Int64, context: CycleContext, trigger: CycleTrigger, duration: Duration, outcomes: [CollectorOutcome],
    summary: PostureSummary, stages: StageTimes
  ) {
    self.sequence = sequence
    self.context = context
    self.trigger = trigger
    self.duration = duration
    self.outcomes = outcomes
    self.summary = summary
    self.stages = stages
  }

  public var passed: Int { summary.passed }
  public var failed: Int { summary.failed }
  /// Failed findings an exception accepts (not in ``failed``).
  public var excepted: Int { summary.excepted }
  /// Rule-and-resource pairs not evaluated (no document): see ``PostureSummary/notEvaluated``.
  public var notEvaluated: Int { summary.notEvaluatedCount }
  public var resources: Int { outcomes.reduce(0) { $0 + $1.resources } }
  /// Why collection was degraded in this cycle: each collector that could not run at all (AWS
  /// credentials refused, no region, API server unreachable) with its reason; `nil` when every
  /// collector ran.
  public var collectionProblem: String? {
    let failures = outcomes.compactMap { outcome in outcome.failure.map { "\(outcome.name): \($0)" } }
    return failures.isEmpty ? nil : failures.joined(separator: "; ")
  }

  /// Warnings per collector.
  public var warnings: [String: Int] {
    Dictionary(outcomes.map { ($0.name, $0.warnings) }, uniquingKeysWith: +)
  }
}
