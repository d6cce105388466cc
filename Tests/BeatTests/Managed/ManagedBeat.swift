import AgentControl
import Foundation
import KSPMCore
import Synchronization
import TestSupport

/// `kspmbeat run` launched as Elastic Agent launches cloudbeat: the spec's arguments as `-E`, the
/// monitoring flags, `path.data`, and the StartUpInfo written to standard input, which is then closed.
final class ManagedBeat: Sendable {
  let process: Process
  let log: URL
  let exit = ExitStatus()

  /// `extra` are `-E` settings of this test's deployment (cluster, node, leader election).
  init(startUpInfo: [UInt8], folder: URL, extra: [String], environment: [String: String]) throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat")
    log = folder.appendingPathComponent("kspmbeat.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    let agentArguments = [
      "setup.ilm.enabled=false", "setup.template.enabled=false", "management.enabled=true",
      "management.restart_on_output_change=true", "logging.level=info", "logging.to_stderr=true",
      "gc_percent=${CLOUDBEAT_GOGC:100}", "logging.event_data.to_stderr=true", "logging.event_data.to_files=false",
      "http.enabled=true", "http.host=unix://\(folder.path)/monitoring.sock", "logging.metrics.enabled=false",
    ]
    let process = Process()
    process.executableURL = binary
    process.arguments =
      ["run"] + (agentArguments + extra + ["path.data=\(folder.path)/data"]).flatMap { ["-E", $0] }
    process.environment = environment
    process.currentDirectoryURL = folder
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = handle
    process.standardError = handle
    let exit = self.exit
    process.terminationHandler = { exit.set($0.terminationStatus) }
    self.process = process
    try process.run()
    stdin.fileHandleForWriting.write(Data(startUpInfo))
    try stdin.fileHandleForWriting.close()
  }

  /// What the process logged so far.
  var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

  /// SIGTERM, then the exit status (nil if it did not exit within `timeout`).
  func terminate(timeout: Duration = .seconds(25)) async -> Int32? {
    process.terminate()
    let deadline = ContinuousClock.now + timeout
    while exit.value == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    return exit.value
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}

/// Expected units as Fleet and the agent make them for the KSPM integration.
enum ManagedUnits {
  static let inputID = "cloudbeat/cis_k8s-elasticsearch-default-cloudbeat/cis_k8s-kspm-unit"
  static let outputID = "cloudbeat/cis_k8s-elasticsearch-default-cloudbeat/cis_k8s-kspm"

  /// The output unit: Elasticsearch at `host` with an API key `id:key`, as Fleet sends it.
  static func output(host: String, apiKey: String, idx: UInt64) -> Proto_UnitExpected {
    var unit = Proto_UnitExpected()
    unit.id = outputID
    unit.type = .output
    unit.state = .healthy
    unit.configStateIdx = idx
    unit.logLevel = .info
    let source: JSONValue = [
      "type": "elasticsearch", "hosts": .array([.string(host)]), "api_key": .string(apiKey), "preset": "balanced",
    ]
    unit.config.type = "elasticsearch"
    unit.config.source = source.protobufStruct ?? .init()
    return unit
  }

  /// The input unit of a `cloudbeat/cis_k8s` policy input; `stream` holds the stream's own settings.
  static func input(
    idx: UInt64, id: String = inputID, namespace: String = "default", stream: JSONValue = ["period": "1h"],
    type: String = "cloudbeat/cis_k8s", logLevel: Proto_UnitLogLevel = .info, revision: Int64 = 3
  ) -> Proto_UnitExpected {
    var unit = Proto_UnitExpected()
    unit.id = id
    unit.type = .input
    unit.state = .healthy
    unit.configStateIdx = idx
    unit.logLevel = logLevel
    var streamObject = stream.objectValue ?? JSONObject()
    streamObject["id"] = "cloudbeat/cis_k8s-cloud_security_posture.findings-1"
    streamObject["data_stream"] = ["dataset": "cloud_security_posture.findings", "type": "logs"]
    let source: JSONValue = [
      "id": "cloudbeat/cis_k8s-kspm", "type": .string(type), "name": "kspm-1", "revision": .int(revision),
      "package_policy_id": "pp-0001", "policy": ["revision": 7],
      "meta": ["package": ["name": "cloud_security_posture", "version": "1.9.0"]],
      "data_stream": ["namespace": .string(namespace)], "streams": [.object(streamObject)],
    ]
    unit.config.id = "cloudbeat/cis_k8s-kspm"
    unit.config.type = type
    unit.config.name = "kspm-1"
    unit.config.revision = UInt64(revision)
    unit.config.source = source.protobufStruct ?? .init()
    return unit
  }

  /// An expected state with `units` and the agent's info.
  static func expected(_ units: [Proto_UnitExpected]) -> Proto_CheckinExpected {
    var expected = Proto_CheckinExpected()
    expected.units = units
    expected.agentInfo.id = "agent-7f3e"
    expected.agentInfo.version = "9.1.2"
    expected.agentInfo.snapshot = false
    expected.featuresIdx = 1
    expected.componentIdx = 1
    return expected
  }
}
