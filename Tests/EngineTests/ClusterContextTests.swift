import Benchmarks
import Engine
import Foundation
import KSPMCore
import Output
import Testing

/// Rules that need more than one object read a cluster context built before any object is judged.
@Suite struct ClusterContextTests {
  /// Pods first, accounts in a later file, the binding in a JSON list in between: the order of
  /// objects across and within files does not matter.
  func writeManifests(in folder: URL) throws -> [String] {
    let pods = folder.appendingPathComponent("a-pods.yaml")
    try """
    apiVersion: v1
    kind: Pod
    metadata: {name: web, namespace: shop, uid: p-web}
    spec: {serviceAccountName: web, containers: [{name: c}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api, namespace: shop, uid: p-api}
    spec: {containers: [{name: c}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: lost, namespace: shop, uid: p-lost}
    spec: {serviceAccountName: ghost, containers: [{name: c}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: kube-apiserver-node-1
      namespace: kube-system
      uid: p-mirror
      annotations: {kubernetes.io/config.mirror: c0ffee}
    spec: {containers: [{name: kube-apiserver}]}
    """.write(to: pods, atomically: true, encoding: .utf8)
    let bindings = folder.appendingPathComponent("b-bindings.json")
    try """
    {"apiVersion": "v1", "kind": "List", "items": [
      {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
       "metadata": {"name": "default-reads", "namespace": "shop", "uid": "rb-1"},
       "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
       "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}
    ]}
    """.write(to: bindings, atomically: true, encoding: .utf8)
    let accounts = folder.appendingPathComponent("c-accounts.yaml")
    try """
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: web, namespace: shop, uid: sa-web}
    automountServiceAccountToken: false
    ---
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: default, namespace: shop, uid: sa-default}
    automountServiceAccountToken: false
    ---
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: default, namespace: quiet, uid: sa-quiet}
    automountServiceAccountToken: false
    """.write(to: accounts, atomically: true, encoding: .utf8)
    return [accounts.path, pods.path, bindings.path].reversed()
  }

  func verdicts(_ documents: [FindingDocument], rule: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for document in documents where document.summary.rule.ruleNumber == rule {
      let key =
        "\(document.summary.resourceSubType) \(document.summary.resourceNamespace ?? "")/\(document.summary.resourceName)"
      result[key] = document.summary.evaluation.rawValue
    }
    return result
  }

  @Test func manifestsInAnyOrderGiveTheContextToEveryPod() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = CyclePlan(
      benchmark: CISKubernetes.shared, cluster: .manifests(try writeManifests(in: folder)), hostRoot: nil,
      identity: IdentityOverrides(clusterID: "c", nodeName: "n", nodeUID: "n"), agentVersion: "1", environment: [:])
    let assembly = await CycleAssembly(plan: plan, diagnostics: SilentDiagnostics())
    let context = await assembly.readClusterContext(diagnostics: CountingDiagnostics(SilentDiagnostics()))
    #expect(context.isComplete)
    #expect(context.serviceAccounts.count == 3)
    #expect(context.bindings(namespace: "shop", name: "default").map(\.name) == ["default-reads"])

    let queue = BoundedQueue<FindingDocument>(capacity: 1000)
    let report = await assembly.run(trigger: .scan, sequence: 1, queue: queue, diagnostics: SilentDiagnostics())
    #expect(report.outcomes.map(\.errors) == [0])
    let documents = queue.drain(upTo: 1000)
    #expect(
      try verdicts(documents, rule: "5.1.6") == [
        "Pod shop/web": "passed",  // its account turns automounting off
        "Pod shop/api": "passed",  // runs as shop/default, which turns it off too
        "Pod shop/lost": "failed",  // ghost does not exist: judged as unset
        "Pod kube-system/kube-apiserver-node-1": "passed",  // a mirror pod has no token
        "ServiceAccount shop/web": "passed", "ServiceAccount shop/default": "passed",
        "ServiceAccount quiet/default": "passed",
      ])
    #expect(
      try verdicts(documents, rule: "5.1.5") == [
        "Pod shop/web": "passed", "Pod shop/api": "passed", "Pod shop/lost": "passed",
        "Pod kube-system/kube-apiserver-node-1": "passed",
        "ServiceAccount shop/default": "failed",  // bound by default-reads
        "ServiceAccount quiet/default": "passed",
      ])
    let bound = try #require(
      documents.first {
        $0.summary.rule.ruleNumber == "5.1.5" && $0.summary.resourceNamespace == "shop"
          && $0.summary.resourceSubType == "ServiceAccount"
      })
    let evidence = try JSONParser.parse(bound.body)[path: "result", "evidence", "bindings"]
    #expect(evidence?.arrayValue?.first?["name"] == "default-reads")
    await assembly.shutdown()
  }

  @Test func aFollowerReadsNoContextAndALeadershipCycleDoes() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = CyclePlan(
      benchmark: CISKubernetes.shared, cluster: .manifests(try writeManifests(in: folder)), hostRoot: nil,
      agentVersion: "1", environment: [:])
    let assembly = await CycleAssembly(plan: plan, diagnostics: SilentDiagnostics())
    let diagnostics = CountingDiagnostics(SilentDiagnostics())
    #expect(await assembly.readClusterContext(diagnostics: diagnostics, isLeader: { false }).serviceAccounts.isEmpty)
    #expect(await assembly.readClusterContext(diagnostics: diagnostics, isLeader: { true }).serviceAccounts.count == 3)
    await assembly.shutdown()
  }

  @Test func anUnreadableManifestMakesTheContextIncompleteAndIsReportedOnce() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths = try writeManifests(in: folder)
    let broken = folder.appendingPathComponent("d-broken.yaml")
    try "kind: [unclosed\n".write(to: broken, atomically: true, encoding: .utf8)
    paths.append(broken.path)
    let plan = CyclePlan(
      benchmark: CISKubernetes.shared, cluster: .manifests(paths), hostRoot: nil, agentVersion: "1", environment: [:])
    let assembly = await CycleAssembly(plan: plan, diagnostics: SilentDiagnostics())
    let recorded = RecordingWarnings()
    let queue = BoundedQueue<FindingDocument>(capacity: 1000)
    let report = await assembly.run(trigger: .scan, sequence: 1, queue: queue, diagnostics: recorded)
    // Read twice (context, then rules), reported once.
    #expect(recorded.lines.filter { $0.contains("d-broken.yaml") }.count == 1)
    #expect(report.outcomes.first?.errors == 1)
    let lost = queue.drain(upTo: 1000).first {
      $0.summary.rule.ruleNumber == "5.1.6" && $0.summary.resourceName == "lost"
    }
    let evidence = try JSONParser.parse(try #require(lost).body)[path: "result", "evidence"]
    #expect(
      evidence?["serviceaccount_automountServiceAccountToken"] == "ServiceAccounts could not be read (judged as unset)")
    await assembly.shutdown()
  }
}

final class RecordingWarnings: ScanDiagnostics {
  private let state = LockedValue<[String]>([])
  func warning(collector: String, subject: String, message: String) {
    state.withLock { $0.append("\(collector): \(subject): \(message)") }
  }
  func info(collector: String, message: String) {}
  var lines: [String] { state.withLock { $0 } }
}
