import AgentControl
import Foundation
import KSPMCore
import Logging
import Output
import TestSupport
import Testing

@testable import Beat
@testable import Engine

/// The reconciler's answers to expected states that start no engine, in process, against the
/// control test server.
@Suite struct UnitReconcilerTests {
  /// A client and reconciler for `server`, fed by the expected states it receives, while `body` runs.
  func withReconciler(
    _ server: AgentControlServer, _ body: () async throws -> Void
  ) async throws {
    let client = AgentControlClient(
      startUpInfo: server.startUpInfo(),
      options: AgentControlOptions(initialBackoff: .milliseconds(200), maxBackoff: .seconds(1)))
    var options = DaemonOptions()
    options.redactor = SecretRedactor()
    let base = try KSPMBeatConfig.load(file: nil, overrides: ["management.enabled=true"], environment: [:]).config
    let reconciler = UnitReconciler(
      client: client, base: base, environment: [:], logger: Logger(label: "test"), options: options,
      agentInfo: nil)
    let running = Task { try await client.run() }
    let feeding = Task { for await state in client.expected { await reconciler.apply(state) } }
    do {
      try await body()
    } catch {
      running.cancel()
      feeding.cancel()
      throw error
    }
    running.cancel()
    feeding.cancel()
    _ = await running.result
  }

  func output(idx: UInt64 = 1, type: String = "elasticsearch") -> Proto_UnitExpected {
    var unit = ManagedUnits.output(host: "http://127.0.0.1:9", apiKey: "id:k3y-for-tests", idx: idx)
    if type != "elasticsearch" {
      let source: JSONValue = ["type": .string(type), "hosts": ["kafka:9092"]]
      unit.config.type = type
      unit.config.source = source.protobufStruct ?? .init()
    }
    return unit
  }

  @Test func anInputWhoseBenchmarkThisBuildDoesNotRunIsDegradedAndTheOutputHealthy() async throws {
    let server = try await AgentControlServer.start()
    server.setExpected(ManagedUnits.expected([output(), ManagedUnits.input(idx: 1, type: "cloudbeat/cis_aws")]))
    try await withReconciler(server) {
      try await server.waitForCheckins { _ in server.latest(ManagedUnits.inputID)?.state == .degraded }
      let input = try #require(server.latest(ManagedUnits.inputID))
      #expect(input.message.contains("benchmark not supported: cloudbeat/cis_aws"))
      #expect(input.configStateIdx == 1)
      #expect(server.latest(ManagedUnits.outputID, type: .output)?.state == .healthy)
    }
    await server.shutdown()
  }

  @Test func anOutputOtherThanElasticsearchFailsTheOutputUnit() async throws {
    let server = try await AgentControlServer.start()
    server.setExpected(ManagedUnits.expected([output(type: "kafka"), ManagedUnits.input(idx: 1)]))
    try await withReconciler(server) {
      try await server.waitForCheckins { _ in server.latest(ManagedUnits.outputID, type: .output)?.state == .failed }
      let failed = try #require(server.latest(ManagedUnits.outputID, type: .output))
      #expect(failed.message.contains("kafka"))
      #expect(failed.message.contains("elasticsearch only"))
      // Nothing runs: the input waits in CONFIGURING for a usable output.
      #expect(server.latest(ManagedUnits.inputID)?.state == .configuring)
    }
    await server.shutdown()
  }

  @Test func anInputWithoutAnOutputUnitWaitsForOne() async throws {
    let server = try await AgentControlServer.start()
    server.setExpected(ManagedUnits.expected([ManagedUnits.input(idx: 1)]))
    try await withReconciler(server) {
      try await server.waitForCheckins { _ in
        server.latest(ManagedUnits.inputID)?.message == "Configuring: waiting for the output unit"
      }
      #expect(server.history(of: ManagedUnits.inputID).first?.state == .starting)
      #expect(server.latest(ManagedUnits.inputID)?.state == .configuring)
    }
    await server.shutdown()
  }

  @Test func aSecondInputUnitIsRefusedWithTheReason() async throws {
    let server = try await AgentControlServer.start()
    let second = ManagedUnits.inputID + "-zz"
    server.setExpected(
      ManagedUnits.expected([
        output(), ManagedUnits.input(idx: 1, type: "cloudbeat/cis_aws"),
        ManagedUnits.input(idx: 1, id: second, type: "cloudbeat/cis_aws"),
      ]))
    try await withReconciler(server) {
      try await server.waitForCheckins { _ in
        server.latest(second)?.state == .failed && server.latest(ManagedUnits.inputID)?.state == .degraded
      }
      #expect(server.latest(second)?.message.contains("runs one input unit") == true)
      #expect(server.latest(ManagedUnits.inputID)?.state == .degraded)
    }
    await server.shutdown()
  }

  @Test func theMostVerboseUnitLogLevelApplies() async throws {
    let server = try await AgentControlServer.start()
    let control = LogLevelControl(.info)
    server.setExpected(
      ManagedUnits.expected([output(), ManagedUnits.input(idx: 1, type: "cloudbeat/cis_aws", logLevel: .debug)]))
    let client = AgentControlClient(startUpInfo: server.startUpInfo())
    var options = DaemonOptions()
    options.logLevel = control
    let base = try KSPMBeatConfig.load(file: nil, overrides: ["management.enabled=true"], environment: [:]).config
    let reconciler = UnitReconciler(
      client: client, base: base, environment: [:], logger: Logger(label: "test"), options: options, agentInfo: nil)
    let running = Task { try await client.run() }
    let feeding = Task { for await state in client.expected { await reconciler.apply(state) } }
    try await server.waitForCheckins { _ in control.level == .debug }
    #expect(control.level == .debug)
    // Less verbose input, output at info: the most verbose of the two is info.
    server.updateExpected {
      $0.units = [self.output(), ManagedUnits.input(idx: 1, type: "cloudbeat/cis_aws", logLevel: .error)]
    }
    try await server.waitForCheckins { _ in control.level == .info }
    #expect(control.level == .info)
    running.cancel()
    feeding.cancel()
    _ = await running.result
    await server.shutdown()
  }
}

/// What the engine's events make of the two units' states, and what diagnostics show.
@Suite struct EngineHealthTests {
  @Test func statesFollowTheEngineEvents() {
    var health = EngineHealth()
    #expect(health.input.0 == .configuring)
    health.take(
      .started(EngineStart(benchmark: "cis_k8s", period: .seconds(60), node: "n", hostRoot: nil, output: "es")))
    #expect(health.input.0 == .healthy)
    health.take(
      .output(
        OutputStatus(
          occasion: .healthChange, output: "elasticsearch", health: .degraded("429 Too Many Requests"), queued: 10)))
    #expect(health.outputUnit.0 == .degraded)
    #expect(health.outputUnit.1.contains("429"))
    health.take(.output(OutputStatus(occasion: .healthChange, output: "elasticsearch", health: .healthy, queued: 0)))
    #expect(health.outputUnit.0 == .healthy)
  }

  @Test func diagnosticsMaskSecretsByKeyAndHeaders() {
    let source: JSONValue = [
      "hosts": ["https://es:9200"], "api_key": "id:topsecret", "headers": ["X-Custom": "also-secret"],
      "ssl": ["key": "-----BEGIN…", "verification_mode": "full"],
      "streams": [
        ["config": ["v1": ["aws": ["credentials": ["secret_access_key": "wJalr", "access_key_id": "AKIAX"]]]]]
      ],
    ]
    let masked = JSONWriter.string(AgentDiagnostics.masked(source))
    for secret in ["topsecret", "also-secret", "BEGIN", "wJalr"] { #expect(!masked.contains(secret), "\(secret)") }
    #expect(masked.contains("https://es:9200"))
    #expect(masked.contains("verification_mode"))
  }
}
