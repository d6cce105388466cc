import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Logging
import Output
import Synchronization
import Testing

/// An etcd whose environment could not be read.
struct UnreadableEtcdCollector: ResourceCollector {
  let name = "process"
  let scope = CollectionScope.node
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    var etcd = ProcessResource(
      pid: 42, name: "etcd", executable: "etcd", arguments: ["/usr/bin/etcd", "--client-cert-auth=true"])
    etcd.unknownFlags["--cert-file"] = "/proc/42/environ could not be read (permission denied)"
    etcd.unknownFlags["--key-file"] = "/proc/42/environ could not be read (permission denied)"
    try await emit([.process(etcd)])
  }
}

final class CapturedLines: Sendable {
  let lines = Mutex<[String]>([])
  var all: [String] { lines.withLock { $0 } }
}

struct CapturingHandler: LogHandler {
  let captured: CapturedLines
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace
  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }
  func log(event: LogEvent) {
    captured.lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
  }
}

@Suite struct NotEvaluatedTests {
  @Test func aRuleThatCannotReadWhatItNeedsWritesNoDocumentButIsReportedAndLogged() async throws {
    let benchmark = CISKubernetes.shared
    let context = CycleContext(
      sequence: 9, clusterID: "c", nodeID: "n", host: HostInfo(name: "n"),
      agent: AgentInfo(id: "a", name: "n", version: "1", ephemeralID: "e"), benchmark: benchmark.info)
    let queue = BoundedQueue<FindingDocument>(capacity: 100)
    let summary = PostureSummary()
    let pipeline = CyclePipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: context, rules: benchmark.rules), queue: queue,
      summary: summary, diagnostics: CountingDiagnostics(SilentDiagnostics()))
    _ = await pipeline.run([UnreadableEtcdCollector()])
    let documents = queue.drain(upTo: 100)
    #expect(!documents.contains { $0.summary.rule.ruleNumber == "2.1" })
    #expect(documents.contains { $0.summary.rule.ruleNumber == "2.2" && $0.summary.evaluation == .passed })
    #expect(summary.notEvaluated.map(\.rule.ruleNumber) == ["2.1"])
    #expect(summary.notEvaluatedCount == 1)
    #expect(summary.notEvaluated.first?.examples.first?.resource == "process etcd")
    #expect(summary.notEvaluated.first?.examples.first?.reason.contains("permission denied") == true)
    #expect(summary.passed + summary.failed == documents.count, "not-evaluated pairs are not scored")

    // The cycle's log line counts them, and each rule gets a warning with the reason.
    let captured = CapturedLines()
    let logger = Logger(label: "test") { _ in CapturingHandler(captured: captured) }
    let report = CycleReport(
      sequence: 9, context: context, trigger: .period, duration: .seconds(1),
      outcomes: [CollectorOutcome(name: "process", resources: 1, findings: documents.count)], summary: summary,
      stages: StageTimes())
    EventLog.log(.cycleFinished(report), to: logger)
    #expect(captured.all.contains { $0.contains("cycle finished") && $0.contains("\"findings.not_evaluated\": 1") })
    #expect(
      captured.all.contains {
        $0.hasPrefix("warning rule 2.1 not evaluated for 1 resource(s)") && $0.contains("permission denied")
      })
  }
}
