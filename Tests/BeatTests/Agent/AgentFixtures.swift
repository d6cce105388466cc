import Beat
import Foundation
import KSPMCore

/// The agent fixtures of `Tests/Fixtures/agent/` and the arguments Elastic Agent starts kspmbeat with.
enum AgentFixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/agent")

  /// A fixture parsed (the test fails on a missing or broken one).
  static func json(_ name: String) throws -> JSONValue {
    try JSONParser.parse(String(contentsOf: folder.appendingPathComponent("\(name).json"), encoding: .utf8))
  }

  static func input(_ name: String) throws -> AgentExpectedUnit {
    AgentExpectedUnit(id: "cloudbeat/cis_k8s-default-\(name)-unit", config: try json(name))
  }

  static func output(_ name: String) throws -> AgentExpectedUnit {
    AgentExpectedUnit(id: "cloudbeat/cis_k8s-default", config: try json(name))
  }

  /// The spec's arguments (cloudbeat's, in order), then the monitoring flags and `path.data` the
  /// agent appends, as `key=value` texts.
  static let specSettings = [
    "setup.ilm.enabled=false", "setup.template.enabled=false", "management.enabled=true",
    "management.restart_on_output_change=true", "logging.level=info", "logging.to_stderr=true",
    "gc_percent=${CLOUDBEAT_GOGC:100}", "logging.event_data.to_stderr=true", "logging.event_data.to_files=false",
  ]
  static let monitoringSettings = [
    "http.buffer.enabled=true", "http.enabled=true", "http.host=unix:///tmp/elastic-agent/AbCd.sock",
    "http.pprof.enabled=true", "logging.metrics.enabled=false",
  ]
  static let allSettings = specSettings + monitoringSettings + ["path.data=/opt/Elastic/Agent/run/cis_k8s-default"]

  /// The configuration of the agent's arguments, as the process loads it (no file).
  static func startup(environment: [String: String] = [:]) throws -> KSPMBeatConfig {
    try KSPMBeatConfig.load(file: nil, overrides: allSettings, environment: environment).config
  }
}
