import Benchmarks
import KSPMCore

/// Builds a scan's ``Coverage``: every rule of the benchmark with its status. A checked rule with
/// findings is passed or failed; one without is not applicable when what it judges is not there,
/// and not evaluated when it was not read or a collector reported a problem that may hide it.
public struct CoverageBuilder {
  public var benchmark: TableBenchmark
  public var summary: PostureSummary
  public var outcomes: [CollectorOutcome]
  public var warnings: [DiagnosticRecord]
  public var scope: CoverageScope

  public init(
    benchmark: TableBenchmark, summary: PostureSummary, outcomes: [CollectorOutcome], warnings: [DiagnosticRecord],
    scope: CoverageScope
  ) {
    self.benchmark = benchmark
    self.summary = summary
    self.outcomes = outcomes
    self.warnings = warnings
    self.scope = scope
  }

  public func build() -> Coverage {
    let table = benchmark.table
    let selection = benchmark.selection
    let tallies = Dictionary(summary.rules.map { ($0.rule.id, $0) }, uniquingKeysWith: { a, _ in a })
    let skipped = Dictionary(summary.notEvaluated.map { ($0.rule.id, $0) }, uniquingKeysWith: { a, _ in a })
    let selected = Set(benchmark.rules.map(\.id))
    var rules: [RuleCoverage] = []
    for (definition, metadata) in zip(table.definitions, benchmark.catalog) {
      var rule = RuleCoverage(
        number: definition.number, title: definition.title, section: definition.section,
        profile: definition.profile, status: .passed)
      rule.metadata = metadata
      if !selected.contains(metadata.id) {
        rule.status = .filteredOut
        rule.reason = selection.exclusion(
          number: definition.number, profile: definition.profile, targets: table.targets)
        rules.append(rule)
        continue
      }
      if let tally = tallies[metadata.id] {
        rule.passed = tally.passed
        rule.failed = tally.failed
        rule.failingExamples = tally.failingExamples
        rule.excepted = tally.excepted
        rule.exceptedExamples = tally.exceptedExamples
      }
      if let entry = skipped[metadata.id] {
        rule.notEvaluated = entry.count
        rule.notEvaluatedExamples = entry.examples
      }
      if rule.failed > 0 {
        rule.status = .failed
      } else if let first = rule.notEvaluatedExamples.first {
        rule.status = .notEvaluated
        rule.reason = "\(first.resource): \(first.reason)"
      } else if rule.excepted > 0 {
        rule.status = .excepted
        rule.reason = Set(rule.exceptedExamples.compactMap { $0.exception?.reason }).sorted().joined(separator: "; ")
      } else if rule.passed > 0 {
        rule.status = .passed
      } else {
        (rule.status, rule.reason) = withoutFindings(definition.target)
      }
      rules.append(rule)
    }
    for manual in table.manual {
      var rule = RuleCoverage(
        number: manual.number, title: manual.title, section: manual.section, profile: manual.profile, status: .manual)
      rule.audit = manual.audit
      if let why = selection.exclusion(number: manual.number, profile: manual.profile, targets: table.targets) {
        rule.status = .filteredOut
        rule.reason = why
      }
      rules.append(rule)
    }
    return Coverage(rules: rules)
  }

  /// The status of a selected rule that has no finding, and why.
  func withoutFindings(_ target: RuleTarget) -> (RuleStatus, String) {
    switch target {
    case .file(let selector): return node(collector: collectorOf(selector)) ?? file(selector)
    case .process(let spec): return node(collector: "process") ?? process(spec.name)
    case .kubernetes(let kinds): return kubernetes(kinds)
    case .cloud(let kind): return cloud(kind)
    }
  }

  // MARK: Node

  /// Not evaluated when the node was not read or its collector could not run.
  func node(collector: String) -> (RuleStatus, String)? {
    if let why = scope.nodeNotRead { return (.notEvaluated, why) }
    if let failure = failure(of: collector) { return (.notEvaluated, failure) }
    return nil
  }

  func collectorOf(_ selector: FileSelector) -> String {
    if case .namedBy = selector { return "process" }
    return "file-system"
  }

  func file(_ selector: FileSelector) -> (RuleStatus, String) {
    switch selector {
    case .path(let path):
      if let problem = warning("file-system", { $0.subject.hasSuffix(path) }) { return (.notEvaluated, problem) }
      return (.notApplicable, "\(path) does not exist on this node")
    case .anyPath(let paths):
      if let problem = warning("file-system", { w in paths.contains { w.subject.hasSuffix($0) } }) {
        return (.notEvaluated, problem)
      }
      return (.notApplicable, "none of \(paths.joined(separator: ", ")) exists on this node")
    case .tree(let root), .filesBelow(let root, _):
      if let problem = warning("file-system", { $0.subject.contains(root) }) { return (.notEvaluated, problem) }
      if case .filesBelow(_, let suffix) = selector {
        return (.notApplicable, "no *\(suffix) file below \(root) on this node")
      }
      return (.notApplicable, "\(root) does not exist on this node")
    case .treeWhileRunning(let root, let process):
      if summary.collected(process: process) == 0 { return self.process(process) }
      if let problem = warning("file-system", { $0.subject.contains(root) }) { return (.notEvaluated, problem) }
      return (.notApplicable, "\(root) does not exist on this node")
    case .namedBy(let named):
      let name = named.process.name
      if summary.collected(process: name) == 0 { return process(name) }
      if let problem = warning("process", { $0.subject.hasSuffix(" " + name) && $0.message.contains("config file") }) {
        return (.notEvaluated, problem)
      }
      return (.notApplicable, "\(name) runs without --\(named.flag), or the file it names does not exist")
    }
  }

  func process(_ name: String) -> (RuleStatus, String) {
    if let problem = warning("process", { $0.subject.hasSuffix("/proc") }) {
      return (.notEvaluated, "\(name) was not found, and \(problem)")
    }
    return (.notApplicable, "\(name) does not run on this node")
  }

  // MARK: Cluster

  func kubernetes(_ kinds: [KubernetesKind]) -> (RuleStatus, String) {
    if let why = scope.clusterNotRead { return (.notEvaluated, why) }
    let collector = outcomes.first { $0.name == "kube-api" || $0.name == "manifests" }?.name ?? "kube-api"
    if let failure = failure(of: collector) { return (.notEvaluated, failure) }
    let names = Set(kinds.map(\.kind))
    if let problem = warning(collector, { names.contains($0.subject) }) { return (.notEvaluated, problem) }
    let kindList = kinds.map(\.kind).joined(separator: " or ")
    let read = kinds.reduce(0) { $0 + summary.collected(kind: $1.kind) }
    if read > 0 {
      return (.notApplicable, "none of the \(read) \(kindList) objects read is one this rule judges")
    }
    let problems = warnings.filter { $0.collector == collector }.count
    if problems > 0 {
      return (
        .notEvaluated,
        "no \(kindList) was read, and reading \(scope.clusterName) met \(problems) problem(s) (see the warnings)"
      )
    }
    return (.notApplicable, "no \(kindList) in \(scope.clusterName)")
  }

  func cloud(_ kind: CloudResourceKind) -> (RuleStatus, String) {
    if let why = scope.clusterNotRead { return (.notEvaluated, why) }
    if let failure = failure(of: "aws") { return (.notEvaluated, failure) }
    if let problem = warning("aws", { _ in true }) { return (.notEvaluated, problem) }
    return (.notApplicable, "no \(kind.title) was found")
  }

  // MARK: Problems

  /// `the aws collector could not run: …` when the collector failed.
  func failure(of collector: String) -> String? {
    guard let failure = outcomes.first(where: { $0.name == collector })?.failure else { return nil }
    return "the \(collector) collector could not run: \(failure)"
  }

  /// The first warning of `collector` that `matches`, as `subject: message`.
  func warning(_ collector: String, _ matches: (DiagnosticRecord) -> Bool) -> String? {
    guard let record = warnings.first(where: { $0.collector == collector && matches($0) }) else { return nil }
    return JSONWriter.truncated("\(record.subject): \(record.message)", limit: 512)
  }
}
