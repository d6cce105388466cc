import Beat
import Foundation
import KSPMCore
import Kubernetes
import Testing

/// The package's lease settings arrive as `streams[0].leader_election.*` and override the
/// process's own `kspmbeat.leader_election.*` key by key.
@Suite struct StreamLeaderElectionTests {
  /// The k8s fixture's unit with `leaderElection` as its stream's `leader_election`.
  func unit(_ leaderElection: JSONValue) throws -> AgentExpectedUnit {
    guard case .object(var unit) = try AgentFixture.json("input-cis-k8s"),
      case .object(var stream)? = unit["streams"]?.arrayValue?.first
    else { throw CancellationError() }
    stream["leader_election"] = leaderElection
    unit["streams"] = .array([.object(stream)])
    return AgentExpectedUnit(id: "in-unit", config: .object(unit))
  }

  func configure(_ leaderElection: JSONValue, base: KSPMBeatConfig? = nil) throws -> AgentConfiguration {
    try AgentUnitConfig.configuration(
      input: unit(leaderElection), output: AgentFixture.output("output-api-key"),
      base: base ?? AgentFixture.startup(), environment: [:])
  }

  @Test func theStreamsLeaseSettingsAreRead() throws {
    let mapped = try configure([
      "lease_name": "kspm-prod", "namespace": "security", "lease_duration": "45s", "renew_deadline": "10s",
      "retry_period": "4s",
    ])
    #expect(mapped.warnings.isEmpty)
    #expect(
      mapped.config.leaderElection
        == LeaderElectionConfig(
          leaseName: "kspm-prod", namespace: "security", leaseDuration: .seconds(45), renewDeadline: .seconds(10),
          retryPeriod: .seconds(4)))
  }

  @Test func keysTheStreamLeavesOutKeepTheProcesssSettings() throws {
    var base = try AgentFixture.startup()
    base.leaderElection = LeaderElectionConfig(
      leaseName: "from-args", namespace: "kube-system", identity: "pod-a", leaseDuration: .seconds(60))
    let mapped = try configure(["renew_deadline": "20s"], base: base)
    #expect(
      mapped.config.leaderElection
        == LeaderElectionConfig(
          leaseName: "from-args", namespace: "kube-system", identity: "pod-a", leaseDuration: .seconds(60),
          renewDeadline: .seconds(20)))
    // An empty section (every lease variable of the policy left empty) changes nothing.
    #expect(try configure(.null, base: base).config.leaderElection == base.leaderElection)
  }

  @Test func invalidStreamLeaseSettingsNameTheUnitsKey() throws {
    for (settings, key) in [
      (["lease_duration": "2s"] as JSONValue, "streams[0].leader_election.lease_duration"),
      (["lease_name": "Not_A_Name"], "streams[0].leader_election.lease_name"),
      (["retry_period": "soon"], "streams[0].leader_election.retry_period"),
    ] {
      do {
        _ = try configure(settings)
        Issue.record("\(settings) should be refused")
      } catch let error as ConfigError {
        #expect(error.keyPath == key, "\(error)")
        #expect(error.source == "input unit in-unit")
      }
    }
  }

  @Test func unknownLeaseKeysWarn() throws {
    let mapped = try configure(["lease_name": "kspm-prod", "colour": "blue"])
    #expect(mapped.warnings == ["streams[0].leader_election.colour: unknown setting"])
  }
}
