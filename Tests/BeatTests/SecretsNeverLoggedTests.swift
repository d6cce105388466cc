import Foundation
import KSPMCore
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Secrets planted in the configuration file, in `-E` and in the environment never appear in
/// standard output, standard error or output files, at any log level, in `scan`, `run` and
/// `scan --ship`.
@Suite(.serialized) struct SecretsNeverLoggedTests {
  static let fileSecrets = ["PLANTED-API-KEY-1", "PLANTED-HEADER-2", "PLANTED-AWS-SECRET-3", "PLANTED-AWS-TOKEN-4"]
  static let overrideSecret = "PLANTED-E-HEADER-5"
  static let environment = [
    "ELASTICSEARCH_API_KEY": "PLANTED-ENV-KEY-6", "AWS_SECRET_ACCESS_KEY": "PLANTED-ENV-AWS-7",
    "MY_SERVICE_TOKEN": "PLANTED-ENV-TOKEN-8", "DB_PASSWORD": "PLANTED-ENV-PASSWORD-9",
  ]
  static var allSecrets: [String] { fileSecrets + [overrideSecret] + environment.values }

  static var binary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kspmbeat").path
  }

  /// A config with secrets for an Elasticsearch output at `url` (the api key the server accepts).
  static func writeConfig(in folder: URL, url: String) throws -> URL {
    let file = folder.appendingPathComponent("kspmbeat.yml")
    try """
    kspmbeat:
      period: 10m
      kube_config: \(folder.path)/none
      config.v1.aws.credentials:
        access_key_id: AKIAIOSFODNN7EXAMPLE
        secret_access_key: \(fileSecrets[2])
        session_token: \(fileSecrets[3])
      leader_election: {identity: solo, retry_period: 50ms, renew_deadline: 500ms, lease_duration: 2s}
    output.elasticsearch:
      hosts: ["\(url)"]
      api_key: "plantid:\(fileSecrets[0])"
      headers: {X-Planted: \(fileSecrets[1])}
      backoff: {init: 50ms, max: 200ms}
    """.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  static func processEnvironment(_ folder: URL) -> [String: String] {
    environment.merging(["NODE_NAME": "solo", "PATH": "/usr/bin:/bin", "HOME": folder.path]) { $1 }
  }

  /// Every text a run left: its output, plus every file in `folder` (logs, findings).
  static func assertNoSecret(in texts: [String], folder: URL, _ comment: String) throws {
    var all = texts
    if let files = FileManager.default.enumerator(atPath: folder.path) {
      for case let file as String in files {
        if let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) {
          if file.hasSuffix("kspmbeat.yml") { continue }  // the planted config itself
          all.append(text)
        }
      }
    }
    for secret in allSecrets {
      #expect(!all.contains { $0.contains(secret) }, "\(comment): \(secret) leaked")
    }
  }

  @Test(.timeLimit(.minutes(2)), arguments: ["trace", "debug", "info"])
  func scanWritesNoSecretAtAnyLevel(level: String) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("findings.ndjson").path
    let result = try await ChildProcess.run(
      Self.binary, arguments: ["scan", "--demo", "-v", "--log-level", level, "--format", "table", "--output", output],
      environment: Self.processEnvironment(folder))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: output))
    try Self.assertNoSecret(in: [result.stdout, result.stderr], folder: folder, "scan at \(level)")
  }

  @Test(.timeLimit(.minutes(2)), arguments: ["trace", "debug"])
  func scanShipWritesNoSecretAtAnyLevel(level: String) async throws {
    var options = ElasticsearchBulkServer.Options()
    options.credentials = [.apiKey(id: "plantid", key: Self.fileSecrets[0])]
    try await ElasticsearchBulkServer.withServer(options) { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let config = try Self.writeConfig(in: folder, url: server.url)
      let result = try await ChildProcess.run(
        Self.binary,
        arguments: [
          "scan", "--demo", "--ship", "-c", config.path, "-E",
          "output.elasticsearch.headers.X-Other=\(Self.overrideSecret)",
          "-v", "--log-level", level, "--ship-timeout", "60s",
        ], environment: Self.processEnvironment(folder))
      #expect(result.status == 0, "\(result.stderr)")
      #expect(server.totalStoredCount > 0)
      try Self.assertNoSecret(in: [result.stdout, result.stderr], folder: folder, "scan --ship at \(level)")
    }
  }

  @Test(.timeLimit(.minutes(2)), arguments: ["trace", "debug"])
  func runWritesNoSecretAtAnyLevel(level: String) async throws {
    var options = ElasticsearchBulkServer.Options()
    options.credentials = [.apiKey(id: "plantid", key: Self.fileSecrets[0])]
    try await ElasticsearchBulkServer.withServer(options) { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let hostRoot = try writeControlPlaneManifests(in: folder)
      let config = try Self.writeConfig(in: folder, url: server.url)
      let log = folder.appendingPathComponent("run.log")
      _ = FileManager.default.createFile(atPath: log.path, contents: nil)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Self.binary)
      process.arguments = [
        "run", "-c", config.path, "-E", "output.elasticsearch.headers.X-Other=\(Self.overrideSecret)",
        "--host-root", hostRoot.path, "--log-level", level, "--log-format", "json",
      ]
      process.environment = Self.processEnvironment(folder)
      process.standardOutput = try FileHandle(forWritingTo: log)
      process.standardError = try FileHandle(forWritingTo: log)
      let exit = ExitStatus()
      process.terminationHandler = { exit.set($0.terminationStatus) }
      try process.run()
      defer { if process.isRunning { process.terminate() } }
      try await eventually {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("cycle finished")
          && server.totalStoredCount > 0
      }
      // A reload with a refused configuration logs its error too.
      try "output.elasticsearch: {hosts: [x], api_key: \"plantid:\(Self.fileSecrets[0])\", api_key: again}\n".write(
        to: config, atomically: true, encoding: .utf8)
      kill(process.processIdentifier, SIGHUP)
      try await eventually {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("configuration not reloaded")
      }
      process.terminate()
      try await eventually { exit.value != nil }
      #expect(exit.value == 0)
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      #expect(text.contains("duplicate key 'api_key'"), "\(text.suffix(2000))")
      let stored = server.storedIDs(index: "logs-cloud_security_posture.findings-default").count
      #expect(stored > 0)
      try Self.assertNoSecret(in: [text], folder: folder, "run at \(level)")
    }
  }
}
