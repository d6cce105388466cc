import KSPMCore

/// Rules indexed by what they target, so a resource meets only the rules that can apply to it.
struct RuleIndex: Sendable {
  let rules: [BenchmarkRule]
  private var byPath: [String: [Int]] = [:]
  private var fileSelectors: [(selector: FileSelector, rule: Int)] = []
  private var byExecutable: [String: [Int]] = [:]
  private var byKind: [String: [Int]] = [:]
  private var byCloudKind: [String: [Int]] = [:]

  init(_ rules: [BenchmarkRule]) {
    self.rules = rules
    for (i, rule) in rules.enumerated() {
      switch rule.target {
      case .file(.path(let p)): byPath[p, default: []].append(i)
      case .file(.anyPath(let paths)): for p in paths { byPath[p, default: []].append(i) }
      case .file(let selector): fileSelectors.append((selector, i))
      case .process(let spec): byExecutable[spec.name, default: []].append(i)
      case .kubernetes(let kinds): for kind in kinds { byKind[kind.kind, default: []].append(i) }
      case .cloud(let kind): byCloudKind[kind.subType, default: []].append(i)
      }
    }
  }

  /// Indices of the rules targeting `resource`, in rule order.
  func candidates(for resource: Resource) -> [Int] {
    switch resource.payload {
    case .file(let file):
      var found = byPath[FileSelector.normalized(file.hostPath)] ?? []
      for entry in fileSelectors where entry.selector.matches(file) { found.append(entry.rule) }
      return found.count > 1 ? found.sorted() : found
    case .process(let process): return byExecutable[process.executable] ?? []
    case .kubernetes(let object): return byKind[object.kind] ?? []
    case .cloud(let cloud): return byCloudKind[cloud.kind.subType] ?? []
    }
  }

  func evaluate(_ resource: Resource, context: ClusterContext) -> [RuleFinding] {
    let indices = candidates(for: resource)
    guard !indices.isEmpty else { return [] }
    var findings: [RuleFinding] = []
    findings.reserveCapacity(indices.count)
    var pod: PodView?
    for i in indices {
      let rule = rules[i]
      let evaluation: Evaluation?
      switch (rule.check, resource.payload) {
      case (.file(let check), .file(let file)): evaluation = check.evaluate(file)
      case (.process(let check), .process(let process)): evaluation = check.evaluate(process)
      case (.object(let check), .kubernetes(let object)):
        evaluation = check.applies(to: object) ? check.evaluate(object, context: context) : nil
      case (.pod(let check), .kubernetes(let object)):
        if pod == nil { pod = PodView(object) }
        evaluation = check.evaluate(pod!)
      case (.cloud(let check), .cloud(let cloud)): evaluation = check.evaluate(cloud)
      default: evaluation = nil
      }
      if let evaluation { findings.append(RuleFinding(rule: rule.metadata, evaluation: evaluation)) }
    }
    return findings
  }
}
