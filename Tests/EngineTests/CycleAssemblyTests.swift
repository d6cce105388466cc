import Benchmarks
import Engine
import Foundation
import KSPMCore
import Output
import Testing

/// A manifests-and-node plan: two pods and a ServiceAccount, and a node with one control-plane
/// manifest of mode 640.
func manifestPlan(in folder: URL) throws -> CyclePlan {
  let manifests = folder.appendingPathComponent("manifests.yaml")
  try """
  apiVersion: v1
  kind: Pod
  metadata: {name: web, namespace: shop, uid: pod-1}
  spec: {serviceAccountName: web, containers: [{name: c}]}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: api, namespace: shop, uid: pod-2}
  spec: {containers: [{name: c, securityContext: {privileged: true}}]}
  ---
  apiVersion: v1
  kind: ServiceAccount
  metadata: {name: web, namespace: shop, uid: sa-1}
  ---
  apiVersion: v1
  kind: Node
  metadata: {name: n1, uid: node-1}
  """.write(to: manifests, atomically: true, encoding: .utf8)
  let etc = folder.appendingPathComponent("node/etc")
  try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
  try "root:x:0:0:root:/root:/bin/sh\n".write(
    to: etc.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
  try "root:x:0:\n".write(to: etc.appendingPathComponent("group"), atomically: true, encoding: .utf8)
  let node = folder.appendingPathComponent("node/etc/kubernetes/manifests")
  try FileManager.default.createDirectory(at: node, withIntermediateDirectories: true)
  let apiServer = node.appendingPathComponent("kube-apiserver.yaml")
  try "kind: Pod\n".write(to: apiServer, atomically: true, encoding: .utf8)
  try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: apiServer.path)
  return CyclePlan(
    benchmark: CISKubernetes.shared, cluster: .manifests([manifests.path]),
    hostRoot: folder.appendingPathComponent("node").path,
    identity: IdentityOverrides(clusterID: "cluster-1", clusterName: "test", nodeName: "node-a", nodeUID: "node-uid"),
    agentVersion: "1.0", environment: [:])
}

@Suite struct CycleAssemblyTests {
  @Test func oneCycleReadsTheClusterAndTheNodeAndReportsPerCollectorAndStage() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let assembly = await CycleAssembly(plan: try manifestPlan(in: folder), diagnostics: SilentDiagnostics())
    let queue = BoundedQueue<FindingDocument>(capacity: 10_000)
    let report = await assembly.run(trigger: .scan, sequence: 42, queue: queue, diagnostics: SilentDiagnostics())
    #expect(report.outcomes.map(\.name) == ["manifests", "file-system", "process"])
    // The Node is in the file but no rule reads Nodes: it is not collected.
    #expect(report.outcomes[0].resources == 3)
    #expect(report.outcomes[1].resources == 1)
    #expect(report.passed + report.failed == queue.count)
    #expect(report.context.clusterID == "cluster-1")
    #expect(report.context.nodeID == "node-uid")
    #expect(report.context.sequence == 42)
    #expect(report.stages.evaluate > .zero && report.stages.encode > .zero && report.stages.collect > .zero)
    let documents = queue.drain(upTo: 10_000)
    #expect(Set(documents.map(\.id)).count == documents.count)
    // 1.1.1 on the API server manifest (640) passes; 5.2.2 on the privileged pod fails.
    #expect(documents.contains { $0.summary.rule.ruleNumber == "1.1.1" && $0.summary.evaluation == .passed })
    #expect(
      documents.contains {
        $0.summary.rule.ruleNumber == "5.2.2" && $0.summary.resourceName == "api" && $0.summary.evaluation == .failed
      })
    await assembly.shutdown()
  }

  @Test func aLeadershipCycleReadsOnlyTheClusterAndAFollowerReadsOnlyTheNode() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let assembly = await CycleAssembly(plan: try manifestPlan(in: folder), diagnostics: SilentDiagnostics())
    let queue = BoundedQueue<FindingDocument>(capacity: 10_000)

    let follower = await assembly.run(
      trigger: .period, sequence: 1, queue: queue, diagnostics: SilentDiagnostics(), isLeader: { false })
    #expect(follower.outcomes.first { $0.name == "manifests" }?.resources == 0)
    let nodeDocs = queue.drain(upTo: 10_000)
    #expect(!nodeDocs.isEmpty && nodeDocs.allSatisfy { $0.summary.resourceType == .file })

    let promoted = await assembly.run(
      trigger: .leadership, sequence: 2, queue: queue, diagnostics: SilentDiagnostics(), isLeader: { true })
    #expect(promoted.outcomes.map(\.name) == ["manifests"])
    let clusterDocs = queue.drain(upTo: 10_000)
    #expect(!clusterDocs.isEmpty && clusterDocs.allSatisfy { $0.summary.resourceType == .kubernetesObject })
    await assembly.shutdown()
  }

  @Test func warningsAreCountedPerCollector() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var plan = try manifestPlan(in: folder)
    plan.cluster = .manifests([folder.appendingPathComponent("missing.yaml").path])
    let assembly = await CycleAssembly(plan: plan, diagnostics: SilentDiagnostics())
    let queue = BoundedQueue<FindingDocument>(capacity: 10_000)
    let report = await assembly.run(trigger: .scan, sequence: 1, queue: queue, diagnostics: SilentDiagnostics())
    let manifests = try #require(report.outcomes.first { $0.name == "manifests" })
    #expect(manifests.errors >= 1)
    #expect(report.outcomes.first { $0.name == "file-system" }?.errors == 0)
    await assembly.shutdown()
  }
}
