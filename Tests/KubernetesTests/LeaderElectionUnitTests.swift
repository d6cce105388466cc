import Foundation
import KSPMCore
import Testing

@testable import Kubernetes

@Suite("MicroTime: RFC 3339 with six fractional digits")
struct MicroTimeTests {
  @Test("formats UTC with exactly six digits, at the nearest microsecond")
  func format() {
    #expect(MicroTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
    #expect(MicroTime.format(Date(timeIntervalSince1970: 1_714_557_600.123456)) == "2024-05-01T10:00:00.123456Z")
    #expect(MicroTime.format(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500000Z")
    #expect(MicroTime.format(Date(timeIntervalSince1970: -1.25)) == "1969-12-31T23:59:58.750000Z")
    #expect(MicroTime.format(Date(timeIntervalSince1970: 4_102_444_799.999_999)).hasPrefix("2099-12-31T23:59:59.99999"))
    let now = MicroTime.format(Date())
    #expect(MicroTime.isCanonical(now))
    #expect(now.count == 27)
  }

  @Test("parses Z, offsets and other digit counts; rejects what is not RFC 3339")
  func parse() throws {
    let date = try #require(MicroTime.parse("2024-05-01T10:00:00.123456Z"))
    #expect(abs(date.timeIntervalSince1970 - 1_714_557_600.123456) < 1e-6)
    #expect(MicroTime.parse("2024-05-01T12:00:00+02:00")?.timeIntervalSince1970 == 1_714_557_600)
    #expect(MicroTime.parse("2024-05-01t10:00:00.5z")?.timeIntervalSince1970 == 1_714_557_600.5)
    #expect(MicroTime.parse("2024-05-01T05:30:00-04:30")?.timeIntervalSince1970 == 1_714_557_600)
    for bad in [
      "", "2024-05-01", "2024-05-01T10:00:00", "2024-13-01T10:00:00Z", "2023-02-29T10:00:00Z",
      "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z", "2024-05-01T10:00:00Z ", "2024-05-01 10:00:00Z",
    ] {
      #expect(MicroTime.parse(bad) == nil, "\(bad)")
    }
    #expect(MicroTime.isCanonical("2024-05-01T10:00:00.123456Z"))
    #expect(!MicroTime.isCanonical("2024-05-01T10:00:00.123Z"))
    #expect(!MicroTime.isCanonical("2024-05-01T10:00:00.123456+00:00"))
  }

  @Test("format and parse round-trip at microsecond precision")
  func roundTrip() throws {
    for seconds in [0.0, 1.000001, 1_700_000_000.654321, 1_234_567_890.000_009, -86_400.5] {
      let text = MicroTime.format(Date(timeIntervalSince1970: seconds))
      let parsed = try #require(MicroTime.parse(text))
      #expect(MicroTime.format(parsed) == text)
    }
  }
}

@Suite("Leader election configuration")
struct LeaderElectionConfigTests {
  @Test("the defaults are cloudbeat's and valid")
  func defaults() throws {
    let config = LeaderElectionConfig(namespace: "kube-system", identity: "me")
    #expect(config.leaseName == "kspmbeat-cluster-leader")
    #expect(config.leaseDuration == .seconds(30))
    #expect(config.renewDeadline == .seconds(3))
    #expect(config.retryPeriod == .seconds(2))
    #expect(config.releaseOnCancel)
    #expect(config.leaseDurationSeconds == 30)
    try config.validate()
    // The agent's 15/10/2 are valid too.
    try LeaderElectionConfig(
      namespace: "default", identity: "me", leaseDuration: .seconds(15), renewDeadline: .seconds(10)
    ).validate()
  }

  @Test(
    "invalid settings are named, with the reason",
    arguments: [
      (
        LeaderElectionConfig(namespace: "ns", identity: "me", leaseDuration: .zero), "lease_duration",
        "greater than zero"
      ),
      (
        LeaderElectionConfig(namespace: "ns", identity: "me", renewDeadline: .seconds(-1)), "renew_deadline",
        "greater than zero"
      ),
      (LeaderElectionConfig(namespace: "ns", identity: "me", retryPeriod: .zero), "retry_period", "greater than zero"),
      (
        LeaderElectionConfig(namespace: "ns", identity: "me", leaseDuration: .seconds(3), renewDeadline: .seconds(3)),
        "lease_duration", "greater than renew_deadline"
      ),
      (
        LeaderElectionConfig(
          namespace: "ns", identity: "me", renewDeadline: .milliseconds(2400), retryPeriod: .seconds(2)),
        "renew_deadline", "1.2 × retry_period"
      ),
      (
        LeaderElectionConfig(
          namespace: "ns", identity: "me", leaseDuration: .milliseconds(900), renewDeadline: .milliseconds(500),
          retryPeriod: .milliseconds(100)), "lease_duration", "whole seconds"
      ),
      (LeaderElectionConfig(namespace: "ns", identity: ""), "identity", "must not be empty"),
      (LeaderElectionConfig(leaseName: "", namespace: "ns", identity: "me"), "lease_name", "must not be empty"),
      (LeaderElectionConfig(leaseName: "Bad/Name", namespace: "ns", identity: "me"), "lease_name", "not a valid name"),
      (LeaderElectionConfig(namespace: "", identity: "me"), "namespace", "must not be empty"),
    ])
  func invalid(config: LeaderElectionConfig, setting: String, reason: String) {
    #expect {
      try config.validate()
    } throws: { error in
      guard let error = error as? LeaderElectionConfigError else { return false }
      return error.setting == setting && error.reason.contains(reason) && "\(error)".contains(setting)
    }
  }

  @Test("renew deadline exactly 1.2 × retry period is refused; just above is accepted")
  func jitterBoundary() throws {
    let base = LeaderElectionConfig(namespace: "ns", identity: "me", leaseDuration: .seconds(5))
    var config = base
    config.renewDeadline = .milliseconds(2400)
    #expect(throws: LeaderElectionConfigError.self) { try config.validate() }
    config.renewDeadline = .milliseconds(2401)
    try config.validate()
  }

  @Test("the default identity: our Lease name and the last '-' part of the pod name, else a random UUID")
  func identity() {
    #expect(LeaderElectionConfig.defaultIdentity(podName: "elastic-agent-x7k2p") == "kspmbeat-cluster-leader_x7k2p")
    #expect(LeaderElectionConfig.defaultIdentity(podName: "single") == "kspmbeat-cluster-leader_single")
    let random = LeaderElectionConfig.defaultIdentity(podName: nil)
    #expect(UUID(uuidString: random) != nil)
    #expect(random != LeaderElectionConfig.defaultIdentity(podName: ""))
  }

  @Test("the elector refuses an invalid configuration")
  func electorValidates() throws {
    let client = try KubernetesClient(configuration: KubernetesClientConfiguration(server: "https://127.0.0.1:1"))
    #expect(throws: LeaderElectionConfigError(setting: "identity", reason: "must not be empty")) {
      _ = try LeaderElector(client: client, config: LeaderElectionConfig(namespace: "ns", identity: ""))
    }
  }
}

@Suite("Lease record")
struct LeaderElectionRecordTests {
  @Test("spec round trip; missing fields are empty; times compare to the second")
  func spec() throws {
    let acquired = Date(timeIntervalSince1970: 1_714_557_600.25)
    let record = LeaderElectionRecord(
      holderIdentity: "me", leaseDurationSeconds: 15, acquireTime: acquired, renewTime: acquired.addingTimeInterval(2),
      leaseTransitions: 3)
    let spec = record.leaseSpec
    #expect(spec["holderIdentity"] == "me")
    #expect(spec["leaseDurationSeconds"] == .int(15))
    #expect(spec["acquireTime"] == "2024-05-01T10:00:00.250000Z")
    #expect(spec["renewTime"] == "2024-05-01T10:00:02.250000Z")
    #expect(spec["leaseTransitions"] == .int(3))
    #expect(LeaderElectionRecord(leaseSpec: spec) == record)
    let empty = LeaderElectionRecord(leaseSpec: nil)
    #expect(empty.holderIdentity == "" && empty.leaseDurationSeconds == 0 && empty.renewTime == nil)
    var sameSecond = record
    sameSecond.renewTime = acquired.addingTimeInterval(2.5)
    #expect(sameSecond.fingerprint == record.fingerprint)
    sameSecond.renewTime = acquired.addingTimeInterval(3)
    #expect(sameSecond.fingerprint != record.fingerprint)
  }
}
