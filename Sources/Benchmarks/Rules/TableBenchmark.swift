import KSPMCore

/// A ``Benchmark`` made from a ``RuleTable``: rule ids derived as Kibana derives them, what to
/// collect derived from the rules' targets, and resources indexed to the rules that target them.
public struct TableBenchmark: Benchmark {
  public let table: RuleTable
  public let info: BenchmarkInfo
  /// Every rule with its target and check, in rule-number order.
  public let benchmarkRules: [BenchmarkRule]
  public let rules: [RuleMetadata]
  public let collectionPlan: CollectionPlan
  private let index: RuleIndex

  public init(_ table: RuleTable) {
    self.table = table
    let info = table.info
    self.info = info
    let benchmarkRules = table.definitions.map { definition in
      let text = table.texts[definition.number]
      let metadata = RuleMetadata(
        id: RuleMetadata.ruleID(benchmarkName: info.name, title: definition.title, number: definition.number),
        name: definition.title, ruleNumber: definition.number, section: definition.section,
        profileApplicability: "* " + definition.profile, benchmark: info,
        description: text?.description ?? "", rationale: text?.rationale ?? "", audit: text?.audit ?? "",
        remediation: text?.remediation ?? "", impact: text?.impact ?? "", defaultValue: text?.defaultValue ?? "",
        references: text?.references ?? "", version: "1.0")
      return BenchmarkRule(metadata: metadata, target: definition.target, check: definition.check)
    }
    self.benchmarkRules = benchmarkRules
    rules = benchmarkRules.map(\.metadata)
    index = RuleIndex(benchmarkRules)
    var plan = CollectionPlan()
    for rule in benchmarkRules { rule.target.contribute(to: &plan, check: rule.check) }
    collectionPlan = plan
  }

  public func evaluate(_ resource: Resource, context: ClusterContext) -> [RuleFinding] {
    index.evaluate(resource, context: context)
  }
}
