import KSPMCore

/// A ``Benchmark`` made from a ``RuleTable``: rule ids derived as Kibana derives them, what to
/// collect derived from the rules' targets, and resources indexed to the rules that target them.
/// With a ``RuleSelection`` only the selected rules are evaluated, and only what they read is
/// collected; the documents of those rules are the same as without it.
public struct TableBenchmark: Benchmark {
  public let table: RuleTable
  public let info: BenchmarkInfo
  /// Which rules are evaluated.
  public let selection: RuleSelection
  /// Every checked rule of the table, selected or not, in rule-number order.
  public let catalog: [RuleMetadata]
  /// The selected rules with their targets and checks, in rule-number order.
  public let benchmarkRules: [BenchmarkRule]
  /// The selected rules.
  public let rules: [RuleMetadata]
  public let collectionPlan: CollectionPlan
  private let index: RuleIndex

  public init(_ table: RuleTable, selection: RuleSelection = RuleSelection()) {
    self.table = table
    self.selection = selection
    let info = table.info
    self.info = info
    let allRules = table.definitions.map { definition in
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
    catalog = allRules.map(\.metadata)
    let benchmarkRules = zip(table.definitions, allRules).filter { definition, _ in
      selection.exclusion(number: definition.number, profile: definition.profile, targets: table.targets) == nil
    }.map(\.1)
    self.benchmarkRules = benchmarkRules
    rules = benchmarkRules.map(\.metadata)
    index = RuleIndex(benchmarkRules)
    var plan = CollectionPlan()
    for rule in benchmarkRules { rule.target.contribute(to: &plan, check: rule.check) }
    collectionPlan = plan
  }

  /// This benchmark with only the rules `selection` selects.
  public func selecting(_ selection: RuleSelection) -> TableBenchmark { TableBenchmark(table, selection: selection) }

  /// What is wrong with `selection` for this benchmark (see ``RuleSelection/problems(numbers:targets:benchmark:)``),
  /// and whether it leaves no checked rule to evaluate.
  public func problems(with selection: RuleSelection) -> [RuleSelection.Problem] {
    var problems = selection.problems(numbers: table.numbers, targets: table.targets, benchmark: info.id)
    if problems.isEmpty, selecting(selection).rules.isEmpty {
      problems.append(
        RuleSelection.Problem(
          setting: selection.firstSetting, message: "the selection leaves no checked rule of \(info.id) to evaluate"))
    }
    return problems
  }

  public func evaluate(_ resource: Resource, context: ClusterContext) -> [RuleFinding] {
    index.evaluate(resource, context: context)
  }
}
