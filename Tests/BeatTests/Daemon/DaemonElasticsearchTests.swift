import Foundation
import KSPMCore
import Logging
import Output
import TestSupport
import Testing

@testable import Beat

@Suite struct DaemonElasticsearchTests {
  /// A node-only daemon (no API server) with a tiny fake host root, shipping to `server`.
  func nodeConfig(_ folder: URL, server: ElasticsearchBulkServer, flushTimeout: String) throws -> KSPMBeatConfig {
    let hostRoot = try writeControlPlaneManifests(in: folder)
    return try KSPMBeatConfig.parse(
      text: """
        kspmbeat:
          period: 10m
          host_root: \(hostRoot.path)
          kube_config: \(folder.path)/none
          data_stream.namespace: team1
          leader_election: {identity: solo, retry_period: 50ms, renew_deadline: 500ms, lease_duration: 2s}
        output.elasticsearch:
          hosts: ["\(server.url)"]
          backoff: {init: 20ms, max: 100ms}
          queue.mem: {events: 64, flush: {min_events: 16, timeout: \(flushTimeout)}}
        """, overrides: [], environment: [:]
    ).config
  }

  @Test(.timeLimit(.minutes(1)))
  func theDaemonShipsFindingsToElasticsearchAndLogsAnOutputSummaryPerCycle() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      server.failNextItems(count: 5, status: 429)
      let config = try nodeConfig(folder, server: server, flushTimeout: "50ms")
      let (logger, lines) = jsonLogLines()
      let index = "logs-cloud_security_posture.findings-team1"
      try await withDaemon(config, logger: logger) {
        try? await eventually(timeout: .seconds(30)) {
          lines.all.contains { $0.contains("cycle finished") } && server.storedCount(index: index) > 0
        }
      }
      let stored = server.storedCount(index: index)
      let finished = try #require(lines.all.first { $0.contains("cycle finished") })
      let cycle = try JSONParser.parse(finished)
      let passed = cycle[path: "kspmbeat", "findings.passed"]?.intValue ?? 0
      let failed = cycle[path: "kspmbeat", "findings.failed"]?.intValue ?? 0
      let produced = Int(passed + failed)
      #expect(produced > 0)
      // Stopping flushed the queue: every finding of the cycle is in Elasticsearch, once.
      #expect(stored == produced, "\(stored) stored of \(produced)")
      #expect(lines.all.contains { $0.contains("output summary") && $0.contains("\"output.retries\"") })
      #expect(lines.all.contains { $0.contains("connected to Elasticsearch") })
      #expect(!lines.all.contains { $0.contains("not delivered") })
    }
  }

  @Test(.timeLimit(.minutes(1)))
  func stoppingWhileElasticsearchIsDownReportsHowManyFindingsWereNotDelivered() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      await server.goDown()
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let config = try nodeConfig(folder, server: server, flushTimeout: "20ms")
      let (logger, lines) = jsonLogLines()
      var options = DaemonOptions()
      options.flushDeadline = .milliseconds(400)
      try await withDaemon(config, logger: logger, options: options) {
        try? await eventually(timeout: .seconds(30)) { lines.all.contains { $0.contains("cycle finished") } }
      }
      let cycle = try JSONParser.parse(try #require(lines.all.first { $0.contains("cycle finished") }))
      let produced =
        (cycle[path: "kspmbeat", "findings.passed"]?.intValue ?? 0)
        + (cycle[path: "kspmbeat", "findings.failed"]?.intValue ?? 0)
      #expect(produced > 0)
      let lost = try #require(lines.all.first { $0.contains("shutdown deadline passed") })
      #expect(lost.contains("\(produced) findings were not delivered"), "\(lost)")
      #expect(server.totalStoredCount == 0)
    }
  }
}
