import AsyncHTTPClient
import Beat
import Foundation
import KSPMCore
import NIOCore
import TestSupport
import Testing

/// `GET /metrics`: the engine's records in the Prometheus text format, over the daemon's endpoint.
@Suite struct MetricsEndpointTests {
  /// Sends `GET url` and returns the status, the content type and the body text.
  func fetch(_ url: String) async throws -> (status: Int, contentType: String?, text: String) {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), response.headers["Content-Type"].first, String(buffer: body))
  }

  /// The value of the sample `name` (with its labels, e.g. `kspmbeat_findings_total{evaluation="passed"}`).
  func sample(_ text: String, _ name: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
      return Double(line.dropFirst(name.count + 1))
    }
    return nil
  }

  @Test(.timeLimit(.minutes(1)))
  func theMetricsFollowTheCyclesTheFindingsTheQueueAndTheOutput() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let hostRoot = try writeControlPlaneManifests(in: folder)
      let socket = folder.appendingPathComponent("m.sock").path
      let config = try KSPMBeatConfig.parse(
        text: """
          kspmbeat:
            period: 10m
            host_root: \(hostRoot.path)
            kube_config: \(folder.path)/none
            leader_election: {identity: solo, retry_period: 1s, renew_deadline: 3s, lease_duration: 4s}
          output.elasticsearch:
            hosts: ["\(server.url)"]
            queue.mem: {events: 64, flush: {min_events: 16, timeout: 50ms}}
          http: {enabled: true, host: "unix://\(socket)"}
          """, environment: [:]
      ).config
      let (logger, lines) = jsonLogLines()
      try await withDaemon(config, logger: logger) {
        try await eventually { socketExists(at: socket) }
        let before = try await fetch(socketURL(socket, "/metrics"))
        #expect(before.status == 200)
        #expect(before.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(before.text.contains("# HELP kspmbeat_cycles_total "))
        #expect(before.text.contains("# TYPE kspmbeat_cycles_total counter\n"))
        #expect(before.text.contains("# TYPE kspmbeat_queue_capacity_events gauge\n"))
        #expect(sample(before.text, "kspmbeat_queue_capacity_events") == 64)
        // The first cycle starts 2 s in (2 × retry_period). As long as none has finished (a loaded
        // machine can get there before the first request), the endpoint has no last-cycle figures.
        if !lines.all.contains(where: { $0.contains("\"cycle finished\"") }) {
          #expect(!before.text.contains("kspmbeat_last_cycle_duration_seconds"))
        }

        try await eventually(timeout: .seconds(30)) { lines.all.contains { $0.contains("\"cycle finished\"") } }
        let after = try await fetch(socketURL(socket, "/metrics"))
        let text = after.text
        #expect(sample(text, "kspmbeat_cycles_total") == 1)
        let passed = try #require(sample(text, "kspmbeat_findings_total{evaluation=\"passed\"}"))
        let failed = try #require(sample(text, "kspmbeat_findings_total{evaluation=\"failed\"}"))
        #expect(passed + failed > 0)
        #expect((sample(text, "kspmbeat_last_cycle_duration_seconds") ?? 0) > 0)
        #expect(text.contains("# TYPE kspmbeat_last_cycle_resources gauge\n"))
        let resources = text.split(separator: "\n").filter {
          $0.hasPrefix("kspmbeat_last_cycle_resources{collector=\"")
        }
        #expect(!resources.isEmpty)
        #expect(sample(text, "kspmbeat_output_healthy{output=\"elasticsearch\"}") == 1)
        #expect(sample(text, "kspmbeat_output_events_dropped_total") == 0)
        #expect(sample(text, "kspmbeat_output_events_failed_total") == 0)
        #expect(sample(text, "kspmbeat_queue_events") != nil)
        // /stats and /metrics read the same records.
        let stats = try await askEndpoint(socketURL(socket, "/stats"))
        #expect(
          stats.body[path: "kspmbeat", "cycles", "last", "findings", "passed"]?.intValue.map { Double($0) } == passed)
        // Every finding of the cycle reaches Elasticsearch, and the counter says so.
        let index = "logs-cloud_security_posture.findings-default"
        let deadline = ContinuousClock.now + .seconds(20)
        var delivered: Double?
        while ContinuousClock.now < deadline {
          delivered = sample(
            try await fetch(socketURL(socket, "/metrics")).text, "kspmbeat_output_events_delivered_total")
          if delivered == passed + failed { break }
          try await Task.sleep(for: .milliseconds(50))
        }
        #expect(delivered == passed + failed)
        #expect(Double(server.storedCount(index: index)) == passed + failed)
      }
    }
  }
}
