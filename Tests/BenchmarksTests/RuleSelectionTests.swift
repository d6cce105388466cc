import Benchmarks
import KSPMCore
import Testing

@Suite struct RuleSelectionTests {
  @Test func globsMatchRuleNumbers() {
    #expect(RuleNumberPattern("5.1.*").matches("5.1.3"))
    #expect(!RuleNumberPattern("5.1.*").matches("5.2.1"))
    #expect(!RuleNumberPattern("5.1.*").matches("5.1"))
    #expect(RuleNumberPattern("1.2.?").matches("1.2.4"))
    #expect(!RuleNumberPattern("1.2.?").matches("1.2.10"))
    #expect(RuleNumberPattern("*").matches("2.1"))
    #expect(RuleNumberPattern("1.*.1").matches("1.2.1"))
    #expect(!RuleNumberPattern("1.*.1").matches("1.2.10"))
    #expect(RuleNumberPattern("1.2.1").matches("1.2.1"))
    #expect(!RuleNumberPattern("1.2.1").matches("1.2.10"), "no prefix match without a star")
  }

  @Test func listValuesSplitOnCommas() {
    #expect(RuleSelection.split(["1.2.1,5.1.*", " 4.2.1 ", ",,"]) == ["1.2.1", "5.1.*", "4.2.1"])
  }

  static let targets = CISKubernetes.table.targets

  @Test func eachSettingSaysWhyARuleIsLeftOut() {
    let rules = RuleSelection(rules: ["1.2.1", "5.1.*"])
    #expect(rules.exclusion(number: "5.1.3", profile: "Level 1 - Worker Node", targets: Self.targets) == nil)
    #expect(
      rules.exclusion(number: "4.2.1", profile: "Level 1 - Worker Node", targets: Self.targets)
        == "not among the selected rules (1.2.1, 5.1.*)")
    let skip = RuleSelection(skip: ["4.2.*"])
    #expect(
      skip.exclusion(number: "4.2.9", profile: "Level 2 - Worker Node", targets: Self.targets) == "skipped (4.2.*)")
    #expect(skip.exclusion(number: "4.1.1", profile: "Level 1 - Worker Node", targets: Self.targets) == nil)
    let sections = RuleSelection(sections: ["1.2", "5"])
    #expect(sections.exclusion(number: "1.2.7", profile: "Level 1 - Master Node", targets: Self.targets) == nil)
    #expect(sections.exclusion(number: "5.2.2", profile: "Level 1 - Master Node", targets: Self.targets) == nil)
    #expect(
      sections.exclusion(number: "1.1.1", profile: "Level 1 - Master Node", targets: Self.targets)
        == "not in the selected sections (1.2, 5)")
    let level1 = RuleSelection(profile: .level1)
    #expect(
      level1.exclusion(number: "5.2.7", profile: "Level 2 - Master Node", targets: Self.targets)
        == "a Level 2 rule; profile level1 selects Level 1 rules only")
    #expect(level1.exclusion(number: "5.2.2", profile: "Level 1 - Master Node", targets: Self.targets) == nil)
    #expect(
      RuleSelection(profile: .level2).exclusion(
        number: "5.2.7", profile: "Level 2 - Master Node", targets: Self.targets)
        == nil, "level2 extends level1")
  }

  @Test func targetsHaveKubeBenchNamesAndWorkerIsNode() {
    let worker = RuleSelection(targets: ["worker"])
    #expect(worker.exclusion(number: "4.2.1", profile: "Level 1 - Worker Node", targets: Self.targets) == nil)
    #expect(
      worker.exclusion(number: "1.2.7", profile: "Level 1 - Master Node", targets: Self.targets)
        == "not in the selected targets (worker)")
    let masterAndEtcd = RuleSelection(targets: ["master", "etcd"])
    #expect(masterAndEtcd.exclusion(number: "2.1", profile: "Level 1 - Master Node", targets: Self.targets) == nil)
    #expect(masterAndEtcd.exclusion(number: "1.1.1", profile: "Level 1 - Master Node", targets: Self.targets) == nil)
    #expect(masterAndEtcd.exclusion(number: "5.1.3", profile: "", targets: Self.targets) != nil)
  }

  @Test func whatDoesNotFitTheBenchmarkIsAProblemNamingItsSetting() {
    let k8s = CISKubernetes.shared
    #expect(k8s.problems(with: RuleSelection()) == [])
    // Settings that each fit but together leave nothing.
    #expect(
      k8s.problems(with: RuleSelection(rules: ["1.2.2"], targets: ["policies"])).map(\.message) == [
        "the selection leaves no checked rule of cis_k8s to evaluate"
      ])
    let unknown = k8s.problems(with: RuleSelection(rules: ["9.*"], skip: ["1.1.99"], sections: ["7"], targets: ["gpu"]))
    #expect(unknown.map(\.setting) == [.target, .rules, .skip, .sections])
    #expect(unknown[0].message.contains("cis_k8s has no target \"gpu\""))
    #expect(unknown[0].message.contains("node (worker)"))
    #expect(unknown[1].message == "rule pattern \"9.*\" matches no rule of cis_k8s")
    #expect(unknown[3].message == "section \"7\" has no rule in cis_k8s")
    // EKS has no master node.
    let eks = CISEKS.shared.problems(with: RuleSelection(targets: ["master"]))
    #expect(eks.count == 1)
    #expect(eks.first?.message.contains("managedservices") == true)
    // Only manual rules left: nothing to evaluate.
    let manualOnly = k8s.problems(with: RuleSelection(sections: ["3"]))
    #expect(manualOnly.map(\.message) == ["the selection leaves no checked rule of cis_k8s to evaluate"])
    #expect(manualOnly.first?.setting == .sections)
  }

  @Test func aSelectedBenchmarkEvaluatesAndCollectsOnlyWhatItsRulesNeed() {
    let policies = CISKubernetes.shared.selecting(RuleSelection(sections: ["5"]))
    #expect(policies.rules.allSatisfy { $0.ruleNumber.hasPrefix("5.") })
    #expect(policies.rules.count == CISKubernetes.shared.rules.filter { $0.ruleNumber.hasPrefix("5.") }.count)
    #expect(!policies.collectionPlan.needsNode, "no node file or process is read for section 5")
    #expect(policies.catalog.count == 92, "the catalog keeps every checked rule")
    let kubelet = CISKubernetes.shared.selecting(RuleSelection(rules: ["4.2.*"]))
    #expect(kubelet.collectionPlan.kubernetesKinds.isEmpty)
    #expect(kubelet.collectionPlan.processes.map(\.name) == ["kubelet"])
    #expect(kubelet.collectionPlan.filePatterns.isEmpty)
  }

  @Test func aLeftOutRuleYieldsNoFinding() {
    let pod = KubernetesObject(object: [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "n", "uid": "u"],
      "spec": ["hostPID": true, "containers": [["name": "c"]]],
    ])
    let all = CISKubernetes.shared.evaluate(.kubernetes(pod)).map(\.rule.ruleNumber)
    #expect(all.contains("5.2.3"))
    let skipped = CISKubernetes.shared.selecting(RuleSelection(skip: ["5.2.3"])).evaluate(.kubernetes(pod))
    #expect(skipped.map(\.rule.ruleNumber) == all.filter { $0 != "5.2.3" })
  }
}

@Suite struct ManualRuleTests {
  /// Every recommendation of the CIS documents appears once: Elastic's checked rules and the rest
  /// as manual rules (cis_k8s 92 + 33 = 125, cis_eks 31 + 21 = 52).
  @Test(arguments: [("cis_k8s", 33, 125), ("cis_eks", 21, 52)])
  func everyRecommendationIsListedOnce(id: String, manual: Int, total: Int) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    #expect(benchmark.table.manual.count == manual)
    #expect(benchmark.table.numbers.count == total)
    #expect(Set(benchmark.table.numbers).count == total)
    #expect(benchmark.rules.count == total - manual, "manual rules never yield findings")
    for rule in benchmark.table.manual {
      #expect(rule.profile.hasPrefix("Level 1") || rule.profile.hasPrefix("Level 2"), "\(id) \(rule.number)")
      #expect(!rule.title.isEmpty && rule.audit.count > 20, "\(id) \(rule.number)")
      #expect(benchmark.table.targets.contains { $0.contains(rule.number) }, "\(id) \(rule.number) has a target")
    }
    for rule in benchmark.rules {
      #expect(benchmark.table.targets.contains { $0.contains(rule.ruleNumber) }, "\(id) \(rule.ruleNumber)")
    }
  }

  @Test func aManualRuleWithoutAuditTextOrWithAReusedNumberIsAProblem() {
    let table = RuleTable(
      info: BenchmarkInfo(id: "test", name: "Test", version: "v1"),
      definitions: [RuleTableTests.definition("1.1")], texts: ["1.1": RuleTableTests.text],
      manual: [
        ManualRule("1.1", "S", "Level 1", "Again", audit: "look"), ManualRule("1.2", "S", "Level 1", "T", audit: " "),
      ])
    #expect(
      table.problems == [
        "test 1.1: the rule number is used twice", "test 1.2: the manual rule has no audit text",
      ])
  }
}
