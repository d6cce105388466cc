import Benchmarks
import Foundation
import KSPMCore
import Testing

/// `Tests/Fixtures/rules.tsv`: Elastic's rule table, copied into the repository (see its README).
enum Reference {
  static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static var rulesTSV: URL {
    repositoryRoot.appendingPathComponent("Tests/Fixtures/rules.tsv")
  }

  /// One benchmark's rows as column name → value, in the table's order.
  static func rows(benchmark: String) throws -> [[String: String]] {
    let text = try String(contentsOf: rulesTSV, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
      .filter { $0["benchmark_id"] == benchmark }
  }

  /// Expects `benchmark`'s rules to be the reference rows of its id, in rule-number order:
  /// numbers, titles, sections, profiles, Kibana's rule ids, rule version and the tags
  /// `CIS`, `tag`, `CIS <number>`, section.
  static func expectRulesMatch(_ benchmark: TableBenchmark, count: Int, tag: String) throws {
    let rows = try rows(benchmark: benchmark.info.id)
    #expect(rows.count == count)
    #expect(benchmark.rules.count == count)
    for (row, rule) in zip(rows, benchmark.rules) {
      #expect(rule.ruleNumber == row["rule_number"])
      #expect(rule.name == row["title"])
      #expect(rule.section == row["section"])
      #expect(rule.profileApplicability == "* " + (row["profile_applicability"] ?? ""))
      #expect(rule.id == row["rule_uuid"], "\(rule.ruleNumber)")
      #expect(rule.version == "1.0")
      #expect(rule.benchmark == benchmark.info)
      #expect(rule.benchmark.version == row["benchmark_version"])
      #expect(rule.tags == ["CIS", tag, "CIS \(rule.ruleNumber)", rule.section])
    }
    let numbers = benchmark.rules.map { $0.ruleNumber.split(separator: ".").map { Int($0)! } }
    #expect(numbers == numbers.sorted { $0.lexicographicallyPrecedes($1) })
  }

  /// Expects every Kubernetes kind, process, file pattern and cloud kind of `benchmark`'s plan to
  /// be read by some rule, and nothing a rule reads to be missing from it.
  static func expectPlanIsWhatTheTargetsRead(_ benchmark: TableBenchmark) {
    var kinds: Set<String> = []
    var processes: Set<String> = []
    var patterns: Set<String> = []
    var cloud: Set<String> = []
    for rule in benchmark.benchmarkRules {
      switch rule.target {
      case .kubernetes(let targeted): kinds.formUnion(targeted.map(\.kind))
      case .process(let spec): processes.insert(spec.name)
      case .file(let selector):
        patterns.formUnion(selector.patterns)
        if case .namedBy(let named) = selector { processes.insert(named.process.name) }
      case .cloud(let kind): cloud.insert(kind.subType)
      }
    }
    let plan = benchmark.collectionPlan
    #expect(Set(plan.kubernetesKinds.map(\.kind)) == kinds)
    #expect(Set(plan.processes.map(\.name)) == processes)
    #expect(Set(plan.filePatterns) == patterns)
    #expect(Set(plan.cloudKinds.map(\.subType)) == cloud)
  }
}

@Suite struct CISKubernetesTableTests {
  let benchmark = CISKubernetes.shared

  @Test func everyRuleMatchesTheReferenceTable() throws {
    try Reference.expectRulesMatch(benchmark, count: 92, tag: "Kubernetes")
    #expect(benchmark.info == BenchmarkInfo(id: "cis_k8s", name: "CIS Kubernetes V1.23", version: "v1.0.1"))
  }

  @Test func benchmarkInfo() {
    #expect(benchmark.info.id == "cis_k8s")
    #expect(benchmark.info.name == "CIS Kubernetes V1.23")
    #expect(benchmark.info.version == "v1.0.1")
    #expect(benchmark.info.postureType == "kspm")
  }

  @Test func collectionPlan() throws {
    let plan = benchmark.collectionPlan
    #expect(
      Set(plan.filePatterns) == [
        "/etc/kubernetes/scheduler.conf", "/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/admin.conf",
        "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/manifests/etcd.yaml",
        "/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/manifests/kube-controller-manager.yaml",
        "/etc/kubernetes/manifests/kube-scheduler.yaml", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", "/var/lib/etcd/**",
        "/etc/kubernetes/pki/**",
      ])
    // Derived from the rules' targets, in rule order.
    #expect(
      plan.processes.map(\.name) == ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet"])
    #expect(plan.processes.map(\.configFlags) == [[], [], [], ["config-file"], ["config"]])
    // Every flag a section-2 rule reads is also read from ETCD_* and from etcd's config file, where
    // client settings live under client-transport-security and peer ones under peer-transport-security.
    let etcd = try #require(plan.processes.first { $0.name == "etcd" })
    let sectionTwoFlags = [
      "cert-file", "key-file", "client-cert-auth", "auto-tls", "peer-cert-file", "peer-key-file",
      "peer-client-cert-auth", "peer-auto-tls",
    ]
    #expect(etcd.environmentFlags?.prefix == "ETCD_")
    #expect(Set(etcd.environmentFlags?.flags ?? []) == Set(sectionTwoFlags))
    #expect(etcd.exclusiveConfigFile?.flag == "config-file")
    for flag in sectionTwoFlags {
      let peer = flag.hasPrefix("peer-")
      let expected = [
        peer ? "peer-transport-security" : "client-transport-security", peer ? String(flag.dropFirst(5)) : flag,
      ]
      #expect(etcd.exclusiveConfigFile?.settings[flag] == expected, "\(flag)")
    }
    #expect(
      plan.processes.filter { $0.name != "etcd" }.allSatisfy {
        $0.environmentFlags == nil && $0.exclusiveConfigFile == nil
      })
    // Only the kinds some rule judges: no Nodes, Namespaces, Services or NetworkPolicies; bindings
    // are read for the cluster context only.
    #expect(plan.kubernetesKinds == [.role, .clusterRole, .pod, .serviceAccount])
    #expect(plan.contextKinds == [.serviceAccount, .roleBinding, .clusterRoleBinding])
    #expect(plan.cloudKinds.isEmpty)
  }

  @Test func theCollectionPlanIsExactlyWhatTheTargetsRead() {
    Reference.expectPlanIsWhatTheTargetsRead(benchmark)
  }

  @Test func everyFileTargetIsCollected() {
    let patterns = Set(benchmark.collectionPlan.filePatterns)
    for rule in benchmark.benchmarkRules {
      guard case .file(let selector) = rule.target else { continue }
      if case .namedBy(let named) = selector {
        // Reported by the process collector: the process and flag must be in the plan.
        let roles = benchmark.collectionPlan.processes.flatMap { p in p.configFlags.map { "\(p.name) --\($0)" } }
        #expect(roles.contains(named.role), "\(rule.number)")
      }
      for pattern in selector.patterns { #expect(patterns.contains(pattern), "\(rule.number)") }
    }
  }

  @Test func kubeletDropInIsFoundInBothSystemdLocations() {
    for path in [
      "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
      "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
    ] {
      let file = FileResource(
        path: "/hostfs" + path, hostPath: path, isDirectory: false, mode: 0o664, uid: 0, gid: 0, owner: "root",
        group: "root")
      let results = benchmark.evaluate(.file(file)).map { "\($0.rule.ruleNumber) \($0.evaluation.result)" }
      #expect(results == ["4.1.1 failed", "4.1.2 passed"], "\(path)")
    }
  }

  @Test func kubeletConfigRulesFollowTheFileTheKubeletNames() {
    // The file the running kubelet names with --config, wherever it lives…
    let elsewhere = Resource.file(
      "/etc/kubernetes/kubelet/kubelet-config.json", mode: 0o666, namedBy: ["kubelet --config"])
    let results = benchmark.evaluate(elsewhere).map { "\($0.rule.ruleNumber) \($0.evaluation.result)" }
    #expect(results == ["4.1.9 failed", "4.1.10 passed"])
    // …and not a config.yaml that no kubelet uses.
    let unused = Resource.file("/var/lib/kubelet/config.yaml", mode: 0o666, namedBy: [])
    #expect(benchmark.evaluate(unused).isEmpty)
  }

  @Test func registry() {
    #expect(BenchmarkRegistry.ids == ["cis_k8s", "cis_eks"])
    #expect(BenchmarkRegistry.unknown("nope") == "unknown benchmark \"nope\" (available: cis_k8s, cis_eks)")
    #expect(BenchmarkRegistry.named("cis_k8s")?.info.id == "cis_k8s")
    #expect(BenchmarkRegistry.named("cis_k8s")?.rules.count == 92)
    #expect(BenchmarkRegistry.named("cis_eks")?.rules.count == 31)
    #expect(BenchmarkRegistry.named("nope") == nil)
  }

  @Test func calicoKubeControllersIsNotTheControllerManager() {
    let calico = Fixture.process("/usr/bin/kube-controllers --profiling=true")
    #expect(calico.name == "kube-controller")
    #expect(benchmark.evaluate(.process(calico)).isEmpty)
    let manager = Fixture.process("/usr/local/bin/kube-controller-manager --profiling=false")
    #expect(manager.name == "kube-controller")
    #expect(
      benchmark.evaluate(.process(manager)).map(\.rule.ruleNumber) == [
        "1.3.2", "1.3.3", "1.3.4", "1.3.5", "1.3.6", "1.3.7",
      ])
  }

  @Test func resourcesNoRuleTargetsYieldNothing() {
    #expect(benchmark.evaluate(.file("/etc/kubernetes/manifests/kube-apiserver.yaml.bak", mode: 0o777)).isEmpty)
    #expect(benchmark.evaluate(.file("/tmp/kube-apiserver.yaml", mode: 0o777)).isEmpty)
    #expect(benchmark.evaluate(.file("/var/lib/etcd-backup", mode: 0o777, directory: true)).isEmpty)
    #expect(benchmark.evaluate(.process("nginx --profiling=true")).isEmpty)
    #expect(benchmark.evaluate(.object(["kind": "Node", "metadata": ["name": "n"]])).isEmpty)
    #expect(benchmark.evaluate(.object(["kind": "ConfigMap", "metadata": ["name": "c"]])).isEmpty)
    #expect(
      benchmark.evaluate(.object(["kind": "ServiceAccount", "metadata": ["name": "builder"]])).map(\.rule.ruleNumber)
        == ["5.1.6"])
  }

  @Test func eachResourceMeetsOnlyItsRules() {
    let pod = benchmark.evaluate(.pod(["containers": [["name": "a"]]])).map(\.rule.ruleNumber)
    #expect(
      pod == ["5.1.5", "5.1.6", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8", "5.2.9", "5.2.10"])
    let key = benchmark.evaluate(.file("/etc/kubernetes/pki/etcd/server.key", mode: 0o600)).map(\.rule.ruleNumber)
    #expect(key == ["1.1.19", "1.1.21"])
    let kubelet = benchmark.evaluate(.process("kubelet")).map(\.rule.ruleNumber)
    #expect(kubelet.count == 13 && kubelet.allSatisfy { $0.hasPrefix("4.2.") })
    #expect(benchmark.evaluate(.process("kube-apiserver")).count == 28)
  }

  /// Many Pods in a row each get exactly their rules' findings (speed is measured by
  /// `kspmbeat-bench`, not here; ``eachResourceMeetsOnlyItsRules`` checks the routing).
  @Test func manyPodsEachGetTheirElevenFindings() {
    let pods = (0..<2_000).map { i in
      Resource.kubernetes(
        Fixture.pod(
          [
            "serviceAccountName": "app",
            "securityContext": ["runAsNonRoot": true],
            "containers": [
              [
                "name": "app",
                "securityContext": ["allowPrivilegeEscalation": false, "capabilities": ["drop": ["ALL"]]],
              ],
              ["name": "sidecar"],
            ],
            "initContainers": [["name": "init"]],
          ], name: "pod-\(i)"))
    }
    var counts: [Int: Int] = [:]
    for pod in pods { counts[benchmark.evaluate(pod).count, default: 0] += 1 }
    #expect(counts == [11: 2_000])
  }
}
