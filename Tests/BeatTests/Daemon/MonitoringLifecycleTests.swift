import Beat
import Foundation
import KSPMCore
import TestSupport
import Testing

/// The endpoint's life in the daemon: a reload that moves it, and sockets it cannot bind.
@Suite struct MonitoringLifecycleTests {
  @Test(.timeLimit(.minutes(1)))
  func aNewHTTPConfigurationRestartsOnlyTheEndpoint() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let socket = folder.appendingPathComponent("m.sock").path
    let source = ManualConfigSource()
    let (logger, lines) = jsonLogLines()
    let tcp = try monitoredConfig(folder: folder, hostRoot: hostRoot, http: "{enabled: true, host: 127.0.0.1, port: 0}")
    try await withDaemon(tcp, logger: logger, source: source) {
      try await eventually {
        !listeningAddresses(lines).isEmpty && lines.all.contains { $0.contains("\"cycle finished\"") }
      }
      let first = try #require(listeningAddresses(lines).first)
      #expect(try await askEndpoint("http://\(first)/healthz").status == 200)

      source.updates.put(
        .valid(try monitoredConfig(folder: folder, hostRoot: hostRoot, http: "{enabled: true, host: unix://\(socket)}"))
      )
      try await eventually { listeningAddresses(lines).count == 2 }
      let reload = lines.all.compactMap { try? JSONParser.parse($0) }.first {
        $0["message"] == "configuration reloaded"
      }
      #expect(reload?[path: "kspmbeat", "restarted"] == "monitoring")
      #expect(listeningAddresses(lines).last == "unix://\(socket)")
      // The new socket answers with what the endpoint followed before the restart.
      let stats = try await askEndpoint(socketURL(socket, "/stats"))
      #expect(stats.body[path: "kspmbeat", "cycles", "count"] == 1)
      // The old port is closed, and no cycle ran for the change.
      // (A refused connection is retried until the deadline: a short one.)
      await #expect(throws: (any Error).self) {
        try await askEndpoint("http://\(first)/healthz", timeout: .seconds(1))
      }
      #expect(lines.all.filter { $0.contains("\"cycle finished\"") }.count == 1)
    }
  }

  @Test(.timeLimit(.minutes(1)))
  func aReloadOntoAPortInUseIsLoggedAndTheNextConfigurationOpensTheEndpointAgain() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let (port, listener) = try await occupyPort()
    let source = ManualConfigSource()
    let (logger, lines) = jsonLogLines()
    func config(_ http: String) throws -> KSPMBeatConfig {
      try monitoredConfig(folder: folder, hostRoot: hostRoot, http: http)
    }
    try await withDaemon(try config("{enabled: false}"), logger: logger, source: source) {
      try await eventually { lines.all.contains { $0.contains("\"cycle finished\"") } }
      #expect(listeningAddresses(lines).isEmpty, "disabled: nothing listens")

      source.updates.put(.valid(try config("{enabled: true, host: 127.0.0.1, port: \(port)}")))
      try await eventually { lines.all.contains { $0.contains("cannot listen on http.host") } }
      let failure = try #require(lines.all.first { $0.contains("cannot listen on http.host") })
      #expect(failure.contains("http.port \(port): Address already in use"))
      #expect(failure.contains("the endpoint stays closed until the next configuration"))

      source.updates.put(.valid(try config("{enabled: true, host: 127.0.0.1, port: 0}")))
      try await eventually { listeningAddresses(lines).count == 1 }
      let address = try #require(listeningAddresses(lines).first)
      #expect(try await askEndpoint("http://\(address)/readyz").status == 200)
    }
    try await listener.close()
    #expect(lines.all.contains { $0.contains("\"stopped\"") })
  }

  /// `kspmbeat run` with the endpoint on `host` and `port`: its exit status and standard error.
  func run(host: String, port: Int = 5066, folder: URL) async throws -> ChildProcess.Result {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat")
    return try await ChildProcess.run(
      binary.path,
      arguments: [
        "run", "--log-format", "plain", "-E", "kspmbeat.host_root=\(folder.path)",
        "-E", "kspmbeat.kube_config=\(folder.path)/none", "-E", "output.file.path=\(folder.path)/out",
        "-E", "http.enabled=true", "-E", "http.host=\(host)", "-E", "http.port=\(port)",
      ],
      environment: ["NODE_NAME": "solo", "PATH": "/usr/bin:/bin", "HOME": folder.path])
  }

  @Test(.timeLimit(.minutes(1)))
  func aPortInUseStopsTheDaemonWithAnErrorNamingTheSettings() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (port, listener) = try await occupyPort()
    let result = try await run(host: "127.0.0.1", port: port, folder: folder)
    try await listener.close()
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "monitoring endpoint: cannot listen on http.host \"127.0.0.1\", http.port \(port): Address already in use"),
      "\(result.stderr)")
  }

  @Test(.timeLimit(.minutes(1)))
  func aSocketPathThatCannotBeBoundStopsTheDaemonWithAnErrorNamingTheHost() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = try await run(host: "unix://\(folder.path)/no-such-folder/m.sock", folder: folder)
    #expect(missing.status == 1)
    #expect(
      missing.stderr.contains(
        "cannot listen on http.host \"unix://\(folder.path)/no-such-folder/m.sock\": No such file or directory"),
      "\(missing.stderr)")

    // A file that is not a socket is never replaced.
    let file = folder.appendingPathComponent("notes.txt")
    try "keep me".write(to: file, atomically: true, encoding: .utf8)
    let taken = try await run(host: "unix://\(file.path)", folder: folder)
    #expect(taken.status == 1)
    #expect(taken.stderr.contains("the path exists and is not a socket"), "\(taken.stderr)")
    #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
  }
}
