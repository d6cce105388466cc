import Beat
import Foundation
import KSPMCore
import Testing
import YAMLValue

/// `deploy/agent/kspmbeat.spec.yml`: the component spec Elastic Agent reads beside the binary.
@Suite struct AgentSpecTests {
  static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy/agent/kspmbeat.spec.yml")

  func spec() throws -> JSONValue { try YAMLDocuments.parse(String(contentsOf: Self.file, encoding: .utf8)) }

  func inputs() throws -> [JSONValue] { try #require(try spec()["inputs"]?.arrayValue) }

  @Test func itIsAVersion2SpecWithTheTwoKSPMInputs() throws {
    #expect(try spec()["version"] == 2)
    #expect(try inputs().map { $0["name"] } == ["cloudbeat/cis_k8s", "cloudbeat/cis_eks"])
    #expect(try inputs().map { $0["name"]?.stringValue ?? "" } == AgentUnitConfig.benchmarks.map { $0.key })
  }

  @Test func everyInputHasWhatTheAgentRequires() throws {
    let allowedPlatforms: Set<String> = [
      "container/amd64", "container/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64",
      "windows/amd64",
    ]
    for input in try inputs() {
      #expect(input["description"]?.stringValue?.isEmpty == false)
      let platforms = (input["platforms"]?.arrayValue ?? []).compactMap(\.stringValue)
      #expect(!platforms.isEmpty)
      #expect(platforms.contains("linux/amd64") && platforms.contains("container/amd64"))
      #expect(Set(platforms).isSubset(of: allowedPlatforms))
      #expect(input["outputs"] == ["elasticsearch"])
      #expect(input["isolate_units"] == true)
      #expect(input[path: "command", "timeouts", "restart"] == "1s")
      #expect(input[path: "command", "restart_monitoring_period"] == "5s")
      #expect(input[path: "command", "maximum_restarts_per_period"] == 1)
    }
  }

  @Test func theArgumentsAreCloudbeatsAndTheConfigurationLoadsThemWithoutWarnings() throws {
    for input in try inputs() {
      let args = (input[path: "command", "args"]?.arrayValue ?? []).compactMap(\.stringValue)
      #expect(args.count % 2 == 0)
      let flags = stride(from: 0, to: args.count, by: 2).map { args[$0] }
      let settings = stride(from: 1, to: args.count, by: 2).map { args[$0] }
      #expect(flags.allSatisfy { $0 == "-E" })
      #expect(settings == AgentFixture.specSettings)
      // As the agent runs it: the spec's arguments, its monitoring flags, then path.data.
      let loaded = try KSPMBeatConfig.load(
        file: nil, overrides: settings + AgentFixture.monitoringSettings + ["path.data=/run/x"], environment: [:])
      #expect(loaded.warnings.isEmpty)
      #expect(loaded.config.management.enabled)
      #expect(loaded.config.management.restartOnOutputChange)
      #expect(loaded.config.logging.level == .info)
    }
  }
}
