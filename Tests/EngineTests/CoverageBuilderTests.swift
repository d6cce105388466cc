import Benchmarks
import Engine
import KSPMCore
import Testing

@Suite struct CoverageBuilderTests {
  static func pod(
    _ name: String, namespace: String = "shop", owner: JSONValue? = nil, hash: String? = nil, hostPID: Bool
  )
    -> Resource
  {
    var metadata: JSONObject = JSONObject()
    metadata["name"] = .string(name)
    metadata["namespace"] = .string(namespace)
    metadata["uid"] = .string("uid-" + name)
    if let owner { metadata["ownerReferences"] = [owner] }
    if let hash { metadata["labels"] = ["pod-template-hash": .string(hash)] }
    return .kubernetes(
      KubernetesObject(object: [
        "apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata),
        "spec": ["hostPID": .bool(hostPID), "containers": [["name": "c"]]],
      ]))
  }

  static func record(_ resources: [Resource], into summary: PostureSummary, benchmark: TableBenchmark) {
    summary.recordCollected(resources)
    for resource in resources { summary.record(benchmark.evaluate(resource), of: resource) }
  }

  static func build(
    _ benchmark: TableBenchmark, summary: PostureSummary, outcomes: [CollectorOutcome] = [],
    warnings: [DiagnosticRecord] = [], scope: CoverageScope = CoverageScope()
  ) -> [String: RuleCoverage] {
    let coverage = CoverageBuilder(
      benchmark: benchmark, summary: summary, outcomes: outcomes, warnings: warnings, scope: scope
    ).build()
    #expect(coverage.rules.map(\.number) == coverage.rules.map(\.number).sorted(by: PostureSummary.numberLess))
    #expect(coverage.rules.count == benchmark.table.numbers.count, "every rule, once")
    return Dictionary(uniqueKeysWithValues: coverage.rules.map { ($0.number, $0) })
  }

  @Test func everyRuleGetsAStatusWithItsReason() {
    let benchmark = CISKubernetes.shared.selecting(RuleSelection(skip: ["5.2.4"]))
    let summary = PostureSummary()
    Self.record([Self.pod("web", hostPID: true), Self.pod("api", hostPID: false)], into: summary, benchmark: benchmark)
    let kubelet = ProcessResource(pid: 7, name: "kubelet", executable: "kubelet", arguments: ["/usr/bin/kubelet"])
    Self.record([.process(kubelet)], into: summary, benchmark: benchmark)
    let rules = Self.build(
      benchmark, summary: summary,
      outcomes: [
        CollectorOutcome(name: "kube-api", resources: 2, findings: 0),
        CollectorOutcome(name: "file-system", resources: 0, findings: 0),
        CollectorOutcome(name: "process", resources: 1, findings: 0),
      ],
      warnings: [
        DiagnosticRecord(collector: "kube-api", subject: "Role", message: "Role not collected: 403 Forbidden"),
        DiagnosticRecord(
          collector: "file-system", subject: "/hostfs/etc/kubernetes/admin.conf",
          message: "cannot read: permission denied"),
      ])
    #expect(rules["5.2.3"]?.status == .failed)
    #expect(rules["5.2.3"]?.failed == 1 && rules["5.2.3"]?.passed == 1)
    #expect(rules["5.2.2"]?.status == .passed)
    #expect(rules["5.2.4"]?.status == .filteredOut)
    #expect(rules["5.2.4"]?.reason == "skipped (5.2.4)")
    #expect(rules["2.1"]?.status == .notApplicable)
    #expect(rules["2.1"]?.reason == "etcd does not run on this node")
    #expect(
      rules["1.1.11"]?.reason == "etcd does not run on this node", "the data directory is read only where etcd runs")
    #expect(rules["1.1.1"]?.status == .notApplicable)
    #expect(rules["1.1.1"]?.reason == "/etc/kubernetes/manifests/kube-apiserver.yaml does not exist on this node")
    #expect(rules["1.1.13"]?.status == .notEvaluated, "a warning about the file hides its verdict")
    #expect(rules["1.1.13"]?.reason?.contains("permission denied") == true)
    #expect(rules["4.2.1"]?.status != .notApplicable, "the kubelet runs")
    #expect(rules["4.1.9"]?.status == .notApplicable)
    #expect(rules["4.1.9"]?.reason == "kubelet runs without --config, or the file it names does not exist")
    // Roles could not be listed: RBAC rules say so; ServiceAccounts were simply absent.
    #expect(rules["5.1.3"]?.status == .notEvaluated)
    #expect(rules["5.1.3"]?.reason == "Role: Role not collected: 403 Forbidden")
    #expect(rules["1.2.1"]?.status == .manual)
    #expect(rules["1.2.1"]?.audit?.contains("--anonymous-auth") == true)
    #expect(rules["1.2.1"]?.metadata == nil)
    #expect(rules["5.2.3"]?.metadata?.remediation.isEmpty == false)
  }

  @Test func whatWasNotReadIsNotEvaluatedWithWhy() {
    let benchmark = CISKubernetes.shared
    let summary = PostureSummary()
    let rules = Self.build(
      benchmark, summary: summary,
      scope: CoverageScope(
        nodeNotRead: "the node's files and processes were not read (--skip-node)",
        clusterNotRead: "cluster objects were not read (--skip-cluster)"))
    #expect(rules["1.2.7"]?.status == .notEvaluated)
    #expect(rules["1.2.7"]?.reason == "the node's files and processes were not read (--skip-node)")
    #expect(rules["5.2.2"]?.reason == "cluster objects were not read (--skip-cluster)")
    #expect(rules["3.2.1"]?.status == .manual)
  }

  @Test func aCollectorThatCouldNotRunLeavesItsRulesNotEvaluated() {
    let summary = PostureSummary()
    let rules = Self.build(
      CISKubernetes.shared, summary: summary,
      outcomes: [
        CollectorOutcome(name: "kube-api", resources: 0, findings: 0, failure: "connection refused"),
        CollectorOutcome(name: "process", resources: 0, findings: 0),
      ])
    #expect(rules["5.2.2"]?.status == .notEvaluated)
    #expect(rules["5.2.2"]?.reason == "the kube-api collector could not run: connection refused")
    #expect(rules["1.2.7"]?.status == .notApplicable)
    #expect(rules["1.2.7"]?.reason == "kube-apiserver does not run on this node")
  }

  @Test func unreadableProcessesMayHideAComponent() {
    let summary = PostureSummary()
    let rules = Self.build(
      CISKubernetes.shared, summary: summary,
      outcomes: [CollectorOutcome(name: "process", resources: 0, findings: 0)],
      warnings: [
        DiagnosticRecord(
          collector: "process", subject: "/hostfs/proc",
          message: "3 processes could not be read (first: permission denied)")
      ])
    #expect(rules["1.2.7"]?.status == .notEvaluated)
    #expect(rules["1.2.7"]?.reason?.hasPrefix("kube-apiserver was not found, and /hostfs/proc: 3 processes") == true)
  }

  @Test func noObjectOfAKindIsNotApplicableUnlessReadingMetProblems() {
    let summary = PostureSummary()
    let quiet = Self.build(
      CISKubernetes.shared, summary: summary,
      outcomes: [CollectorOutcome(name: "manifests", resources: 0, findings: 0)],
      scope: CoverageScope(clusterName: "the manifests"))
    #expect(quiet["5.2.2"]?.status == .notApplicable)
    #expect(quiet["5.2.2"]?.reason == "no Pod in the manifests")
    let troubled = Self.build(
      CISKubernetes.shared, summary: summary,
      outcomes: [CollectorOutcome(name: "manifests", resources: 0, findings: 0)],
      warnings: [DiagnosticRecord(collector: "manifests", subject: "bad.yaml", message: "cannot parse")],
      scope: CoverageScope(clusterName: "the manifests"))
    #expect(troubled["5.2.2"]?.status == .notEvaluated)
    #expect(
      troubled["5.2.2"]?.reason == "no Pod was read, and reading the manifests met 1 problem(s) (see the warnings)")
  }

  @Test func aSectionWithNothingJudgedSaysWhy() {
    let summary = PostureSummary()
    let coverage = CoverageBuilder(
      benchmark: CISKubernetes.shared, summary: summary,
      outcomes: [CollectorOutcome(name: "process", resources: 0, findings: 0)], warnings: [], scope: CoverageScope()
    ).build()
    let sections = Dictionary(uniqueKeysWithValues: coverage.sections.map { ($0.number, $0) })
    #expect(sections["1.4"]?.note == "not applicable: kube-scheduler does not run on this node")
    #expect(sections["3.2"]?.note == "manual: 2 to audit by hand")
    #expect(sections["2"]?.note == "6 not applicable, 1 manual")
    #expect(sections["1.4"]?.score == nil)
  }

  @Test func failingPodsAreGroupedByWorkload() {
    let benchmark = CISKubernetes.shared
    let summary = PostureSummary()
    let replicaSet: JSONValue = ["kind": "ReplicaSet", "name": "web-7d9f8b6c5", "controller": true]
    Self.record(
      [
        Self.pod("web-7d9f8b6c5-a", owner: replicaSet, hash: "7d9f8b6c5", hostPID: true),
        Self.pod("web-7d9f8b6c5-b", owner: replicaSet, hash: "7d9f8b6c5", hostPID: true),
        Self.pod("debug", hostPID: true),
      ], into: summary, benchmark: benchmark)
    let tally = summary.rules.first { $0.rule.ruleNumber == "5.2.3" }
    #expect(tally?.failed == 3)
    #expect(tally?.failingExamples.map(\.subject) == ["Deployment shop/web", "Pod shop/debug"])
    #expect(tally?.failingExamples.map(\.resources) == [2, 1])
    #expect(tally?.failingExamples.map(\.isWorkload) == [true, false])
    #expect(tally?.failingExamples.first?.evaluation.result == .failed)
  }

  @Test func nodeResourcesAreNamedAsTheNodeSeesThem() {
    let file = FileResource(
      path: "/hostfs/etc/kubernetes/admin.conf", hostPath: "/etc/kubernetes/admin.conf", isDirectory: false,
      mode: 0o644, uid: 0, gid: 0, owner: "root", group: "root")
    #expect(PostureSummary.label(.file(file)) == "file /etc/kubernetes/admin.conf")
    let process = ProcessResource(
      pid: 9, name: "kube-controller", executable: "kube-controller-manager", arguments: ["kube-controller-manager"])
    #expect(PostureSummary.label(.process(process)) == "process kube-controller-manager")
  }
}

@Suite struct WorkloadOwnerTests {
  static func object(owners: JSONValue?, labels: JSONValue? = nil, kind: String = "Pod") -> KubernetesObject {
    var metadata = JSONObject()
    metadata["name"] = "p"
    metadata["namespace"] = "ns"
    if let owners { metadata["ownerReferences"] = owners }
    if let labels { metadata["labels"] = labels }
    return KubernetesObject(object: ["kind": .string(kind), "metadata": .object(metadata)])
  }

  @Test func aDeploymentsReplicaSetIsNamedAsTheDeployment() {
    let pod = Self.object(
      owners: [["kind": "ReplicaSet", "name": "web-5c6b7", "controller": true]], labels: ["pod-template-hash": "5c6b7"])
    #expect(WorkloadOwner.label(of: pod) == "Deployment ns/web")
  }

  @Test func aReplicaSetOfItsOwnStaysAReplicaSet() {
    let pod = Self.object(owners: [["kind": "ReplicaSet", "name": "web", "controller": true]])
    #expect(WorkloadOwner.label(of: pod) == "ReplicaSet ns/web")
  }

  @Test func theControllerOwnerIsChosen() {
    let pod = Self.object(owners: [
      ["kind": "ConfigMap", "name": "x"], ["kind": "StatefulSet", "name": "db", "controller": true],
    ])
    #expect(WorkloadOwner.label(of: pod) == "StatefulSet ns/db")
  }

  @Test func noOwnerOrNotAPodIsNoWorkload() {
    #expect(WorkloadOwner.label(of: Self.object(owners: nil)) == nil)
    #expect(WorkloadOwner.label(of: Self.object(owners: [], labels: nil)) == nil)
    let role = Self.object(owners: [["kind": "Deployment", "name": "x", "controller": true]], kind: "Role")
    #expect(WorkloadOwner.label(of: role) == nil)
  }
}
