import Foundation
import KSPMCore
import TestSupport
import Testing

/// `kspmbeat scan --ship` against the Elasticsearch test server, as a person would run it.
@Suite struct ScanShipTests {
  func shipArguments(_ server: ElasticsearchBulkServer, _ extra: [String] = []) -> [String] {
    [
      "scan", "--demo", "--ship", "-E", "output.elasticsearch.hosts=[\"\(server.url)\"]",
      "-E", "output.elasticsearch.backoff.init=20ms", "-E", "output.elasticsearch.backoff.max=100ms",
    ] + extra
  }

  @Test func shipsEveryFindingAndSaysHowMany() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let local = try await runKSPMBeat(["scan", "--demo", "--format", "ndjson"])
      let expected = local.stdout.split(separator: "\n").count
      #expect(expected > 100)

      let result = try await runKSPMBeat(shipArguments(server, ["-E", "kspmbeat.data_stream.namespace=prod"]))
      #expect(result.status == 0, "\(result.stderr)")
      let index = "logs-cloud_security_posture.findings-prod"
      #expect(server.storedCount(index: index) == expected)
      #expect(result.stderr.contains("shipped \(expected) findings"), "\(result.stderr)")
      // The table still goes to standard output; no NDJSON does.
      #expect(result.stdout.contains("cis_k8s") || result.stdout.contains("CIS"))
      #expect(!result.stdout.contains("\"@timestamp\""))
      let first = try #require(server.storedIDs(index: index).first)
      let document = try #require(server.document(index: index, id: first))
      #expect(document[path: "data_stream", "namespace"]?.stringValue == "prod")
      #expect(document[path: "event", "id"]?.stringValue == first)
    }
  }

  /// Outputs without delivery counters report what they wrote, and exit 0.
  @Test func shippingToAFileOrTheConsoleTellsTheTruth() async throws {
    let local = try await runKSPMBeat(["scan", "--demo", "--format", "ndjson"])
    let expected = local.stdout.split(separator: "\n").count
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try await runKSPMBeat([
      "scan", "--demo", "--ship", "-E", "output.file.path=\(folder.path)", "-E", "output.file.filename=f",
    ])
    #expect(file.status == 0, "\(file.stderr)")
    #expect(file.stderr.contains("shipped \(expected) findings"), "\(file.stderr)")
    #expect(!file.stderr.contains("not delivered"))
    let written = try String(contentsOf: folder.appendingPathComponent("f.ndjson"), encoding: .utf8)
    #expect(written.split(separator: "\n").count == expected)

    let console = try await runKSPMBeat(["scan", "--demo", "--ship", "-E", "output.console={}"])
    #expect(console.status == 0, "\(console.stderr)")
    #expect(console.stderr.contains("shipped \(expected) findings"), "\(console.stderr)")
    // Every finding, one per line, then the table: never mixed.
    let lines = console.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.prefix(expected).allSatisfy { $0.hasPrefix("{\"@timestamp\"") })
    #expect(lines.dropFirst(expected).allSatisfy { !$0.contains("\"@timestamp\"") })
    #expect(lines.dropFirst(expected).contains { $0.contains("Overall") })
  }

  @Test func refusedFindingsMakeTheScanFailWithTheReason() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.failNextItems(count: 3, status: 400)
      let result = try await runKSPMBeat(shipArguments(server))
      #expect(result.status == 3, "\(result.stderr)")
      #expect(result.stderr.contains("3 dropped (400 document_parsing_exception ×3)"), "\(result.stderr)")
    }
  }

  @Test func anUnreachableClusterIsGivenUpAfterTheShipTimeout() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      await server.goDown()
      let started = ContinuousClock.now
      let result = try await runKSPMBeat(shipArguments(server, ["--ship-timeout", "2s"]))
      #expect(result.status == 3, "\(result.stderr)")
      #expect(ContinuousClock.now - started < .seconds(30))
      #expect(result.stderr.contains("not delivered (gave up after the ship timeout of 2s)"), "\(result.stderr)")
      #expect(result.stderr.contains("shipped 0 findings"))
      #expect(result.stderr.contains("connection refused"), "the log says why")
    }
  }

  @Test func throttlingIsRetriedUntilEverythingIsDelivered() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      server.failNextBulkRequests(count: 2, status: 429)
      server.failNextItems(count: 50, status: 429)
      let result = try await runKSPMBeat(shipArguments(server))
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.contains("retries"), "\(result.stderr)")
      #expect(!result.stderr.contains("dropped"))
    }
  }

  @Test func shipNeedsSettingsAndRefusesLocalOutputs() async throws {
    let bare = try await runKSPMBeat(["scan", "--demo", "--ship"])
    #expect(bare.status == 64 || bare.status == 2)
    #expect(bare.stderr.contains("--ship needs the output's settings"))
    let both = try await runKSPMBeat(["scan", "--demo", "--ship", "-E", "output.console={}", "-o", "x.ndjson"])
    #expect(both.stderr.contains("drop --output"))
    let invalid = try await runKSPMBeat([
      "scan", "--demo", "--ship", "-E", "output.elasticsearch.hosts=[\"http://127.0.0.1:1\"]", "-E",
      "output.elasticsearch.compression_level=12",
    ])
    #expect(invalid.status == 2)
    #expect(invalid.stderr.contains("output.elasticsearch.compression_level"), "\(invalid.stderr)")
  }
}
