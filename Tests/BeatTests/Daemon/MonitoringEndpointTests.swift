import Beat
import Foundation
import KSPMCore
import Testing

/// `kspmbeat run` with `http.enabled`: the monitoring endpoint over real HTTP, TCP and Unix socket.
@Suite struct MonitoringEndpointTests {
  @Test(.timeLimit(.minutes(1)))
  func theEndpointAnswersWhoItIsItsStatsAndTheProbes() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    // The first cycle waits 2 × 4 s, so the endpoint is seen before it too, even on a loaded machine.
    let config = try monitoredConfig(
      folder: folder, hostRoot: hostRoot, http: "{enabled: true, host: 127.0.0.1, port: 0}", retryPeriod: "4s",
      renewDeadline: "6s", leaseDuration: "8s")
    let (logger, lines) = jsonLogLines()
    try await withDaemon(config, logger: logger) {
      try await eventually { !listeningAddresses(lines).isEmpty }
      let address = try #require(listeningAddresses(lines).first)
      #expect(address.hasPrefix("127.0.0.1:") && !address.hasSuffix(":0"), "the port chosen for port 0")
      let base = "http://\(address)"

      let root = try await askEndpoint(base + "/")
      #expect(root.status == 200)
      #expect(root.headers["Content-Type"] == ["application/json; charset=utf-8"])
      #expect(root.body["beat"] == "kspmbeat")
      #expect(root.body["version"] == .string(Scanner.version))
      #expect(root.body["ephemeral_id"]?.stringValue?.isEmpty == false)
      #expect(root.body["hostname"]?.stringValue?.isEmpty == false)

      let before = try await askEndpoint(base + "/stats?pretty")
      #expect(before.status == 200)
      #expect(before.body[path: "kspmbeat", "cycles", "count"] == 0)
      #expect(before.body[path: "kspmbeat", "cycles", "last"] == .null)
      #expect(try await askEndpoint(base + "/healthz").status == 200)
      let unready = try await askEndpoint(base + "/readyz")
      #expect(unready.status == 503)
      #expect(unready.body == ["status": "not ready", "reason": "no cycle has finished yet"])

      try await eventually(timeout: .seconds(30)) { lines.all.contains { $0.contains("\"cycle finished\"") } }
      let ready = try await askEndpoint(base + "/readyz")
      #expect(ready.status == 200)
      #expect(ready.body == ["status": "ok"])

      let after = try await askEndpoint(base + "/stats")
      let cycles = try #require(after.body[path: "kspmbeat", "cycles"])
      #expect(cycles["count"] == 1)
      #expect(cycles[path: "last", "trigger"] == "first")
      #expect((cycles[path: "last", "resources"]?.intValue ?? 0) > 0)
      let passed = cycles[path: "last", "findings", "passed"]?.intValue ?? 0
      let failed = cycles[path: "last", "findings", "failed"]?.intValue ?? 0
      #expect(passed + failed > 0)
      #expect(after.body[path: "libbeat", "pipeline", "events", "published"] == .int(passed + failed))
      #expect((after.body[path: "kspmbeat", "uptime", "ms"]?.intValue ?? 0) > 0)
      #expect(after.body[path: "kspmbeat", "output", "name"] == "file")
      #expect(after.body[path: "kspmbeat", "output", "health"] != "degraded")
      // No API server: this process is its own leader.
      #expect(after.body[path: "kspmbeat", "leadership"]?["state"] == "standalone")
      #expect(after.body[path: "kspmbeat", "leadership"]?["leader"] == true)
      // The agent id of the findings is the beat's uuid.
      let documents = try readDocuments(folder.appendingPathComponent("out/findings.ndjson").path)
      #expect(try await askEndpoint(base + "/").body["uuid"] == documents.first?[path: "agent", "id"])

      let missing = try await askEndpoint(base + "/state")
      #expect(missing.status == 404)
      let post = try await askEndpoint(base + "/stats", method: .POST)
      #expect(post.status == 405)
      #expect(post.headers["Allow"] == ["GET"])
    }
  }

  @Test(.timeLimit(.minutes(1)))
  func aUnixSocketEndpointReplacesAStaleSocketAndRemovesItsOwnOnStop() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let socket = folder.appendingPathComponent("kspmbeat.sock").path
    try leaveStaleSocket(at: socket)
    #expect(socketExists(at: socket))
    let config = try monitoredConfig(
      folder: folder, hostRoot: hostRoot, http: "{enabled: true, host: unix://\(socket)}")
    let (logger, lines) = jsonLogLines()
    try await withDaemon(config, logger: logger) {
      try await eventually { !listeningAddresses(lines).isEmpty }
      #expect(listeningAddresses(lines) == ["unix://\(socket)"])
      let root = try await askEndpoint(socketURL(socket, "/"))
      #expect(root.status == 200)
      #expect(root.body["beat"] == "kspmbeat")
      try await eventually { lines.all.contains { $0.contains("\"cycle finished\"") } }
      #expect(try await askEndpoint(socketURL(socket, "/readyz")).status == 200)
      let stats = try await askEndpoint(socketURL(socket, "/stats"))
      #expect(stats.body[path: "kspmbeat", "cycles", "count"] == 1)
    }
    #expect(!socketExists(at: socket))
  }

  @Test(.timeLimit(.minutes(1)))
  func aDegradedOutputMakesTheProcessUnreadyButStillAlive() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let config = try monitoredConfig(
      folder: folder, hostRoot: hostRoot, http: "{enabled: true, host: 127.0.0.1, port: 0}")
    var options = DaemonOptions()
    options.outputOverride = { RefusingOutput() }
    options.flushDeadline = .milliseconds(200)
    let (logger, lines) = jsonLogLines()
    try await withDaemon(config, logger: logger, options: options) {
      try await eventually {
        !listeningAddresses(lines).isEmpty && lines.all.contains { $0.contains("output degraded") }
      }
      let base = "http://\(try #require(listeningAddresses(lines).first))"
      try await eventually { lines.all.contains { $0.contains("\"cycle finished\"") } }
      let readiness = try await askEndpoint(base + "/readyz")
      #expect(readiness.status == 503)
      #expect(readiness.body["reason"] == "output file degraded: the disk is full")
      #expect(try await askEndpoint(base + "/healthz").status == 200)
      let output = try await askEndpoint(base + "/stats").body[path: "kspmbeat", "output"]
      #expect(output?["health"] == "degraded")
      #expect(output?["reason"] == "the disk is full")
    }
  }
}
