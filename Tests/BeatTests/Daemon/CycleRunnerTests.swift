import Beat
import Benchmarks
import Findings
import Foundation
import KSPMCore
import Logging
import Output
import Testing

struct NodeFilesCollector: ResourceCollector {
  let name = "file-system"
  let scope = CollectionScope.node
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    diagnostics.warning(collector: name, subject: "/hostfs/etc/kubernetes/admin.conf", message: "permission denied")
    let file = FileResource(
      path: "/hostfs/etc/kubernetes/manifests/kube-apiserver.yaml",
      hostPath: "/etc/kubernetes/manifests/kube-apiserver.yaml", isDirectory: false, mode: 0o640, uid: 0, gid: 0,
      owner: "root", group: "root")
    try await emit([.file(file)])
  }
}

@Suite struct CycleRunnerTests {
  func runner(queue: BoundedQueue<FindingDocument>, lines: LineSink, leader: Bool) -> CycleRunner {
    let logger = Logger(label: "test") { ECSLogHandler(label: $0, style: .json, sink: { lines.add($0) }) }
    let benchmark = CISKubernetes.shared
    return CycleRunner(
      benchmark: benchmark, queue: queue, logger: logger,
      context: { sequence in
        CycleContext(
          sequence: sequence, clusterID: "c", nodeID: "n", host: HostInfo(name: "node-a"),
          agent: AgentInfo(id: "a", name: "node-a", version: "0", ephemeralID: "e"), benchmark: benchmark.info)
      },
      collectors: {
        [NodeFilesCollector(), LeaderGatedCollector(SlowCollector(pages: 2), isLeader: { leader })]
      })
  }

  @Test func aCycleLogsOneECSSummaryLineWithCountsPerCollector() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 1000)
    let lines = LineSink()
    let report = await runner(queue: queue, lines: lines, leader: true).run(trigger: .period, sequence: 42)
    #expect(report.outcomes.map(\.name) == ["file-system", "kube-api"])
    #expect(report.resources == 3)
    #expect(report.passed + report.failed == queue.count)
    let summary = try #require(
      lines.all.compactMap { try? JSONParser.parse($0) }.first { $0["message"] == "cycle finished" })
    #expect(summary["log.level"] == "info")
    #expect(summary["service.name"] == "kspmbeat")
    #expect(summary[path: "kspmbeat", "cycle.sequence"] == 42)
    #expect(summary[path: "kspmbeat", "resources"] == 3)
    #expect(summary[path: "kspmbeat", "collector.file-system.errors"] == 1)
    #expect(summary[path: "kspmbeat", "collector.kube-api.errors"] == 0)
    #expect(summary[path: "kspmbeat", "findings.passed"] == .int(Int64(report.passed)))
    let warning = try #require(
      lines.all.compactMap { try? JSONParser.parse($0) }.first { $0["log.level"] == "warning" })
    #expect(warning["message"] == "/hostfs/etc/kubernetes/admin.conf: permission denied")
  }

  @Test func aFollowerShipsNodeFindingsOnlyAndALeadershipCycleOnlyClusterFindings() async throws {
    let queue = BoundedQueue<FindingDocument>(capacity: 1000)
    let follower = await runner(queue: queue, lines: LineSink(), leader: false).run(trigger: .period, sequence: 1)
    #expect(follower.outcomes.first { $0.name == "kube-api" }?.resources == 0)
    let nodeDocs = queue.drain(upTo: 1000)
    #expect(!nodeDocs.isEmpty && nodeDocs.allSatisfy { $0.summary.resourceType == .file })

    let promoted = await runner(queue: queue, lines: LineSink(), leader: true).run(trigger: .leadership, sequence: 2)
    #expect(promoted.outcomes.map(\.name) == ["kube-api"])
    let clusterDocs = queue.drain(upTo: 1000)
    #expect(!clusterDocs.isEmpty && clusterDocs.allSatisfy { $0.summary.resourceType == .kubernetesObject })
  }
}
