import Foundation
import KSPMCore
import TestSupport

@testable import Kubernetes

/// A client for `server` that authenticates as `user` with a token of its own, so the server can
/// log it and partition it separately from other clients.
func makeClient(for server: KubernetesAPIServer, user: String) throws -> KubernetesClient {
  let token = "token-\(user)-\(UUID().uuidString.lowercased())"
  server.addToken(token, user: user)
  var config = try configuration(for: server, credentials: .token(token))
  config.requestTimeout = .seconds(5)
  config.qps = 0
  return try KubernetesClient(configuration: config)
}

/// Short timings for tests: lease 3 s, renew deadline 1 s, retry 0.3 s.
func testElectionConfig(
  identity: String, leaseName: String = "test-leader", leaseDuration: Duration = .seconds(3),
  renewDeadline: Duration = .seconds(1), retryPeriod: Duration = .milliseconds(300)
) -> LeaderElectionConfig {
  LeaderElectionConfig(
    leaseName: leaseName, namespace: "kube-system", identity: identity, leaseDuration: leaseDuration,
    renewDeadline: renewDeadline, retryPeriod: retryPeriod)
}

/// One candidate: its client, elector, running task and the events it reported.
final class Candidate: Sendable {
  let name: String
  let client: KubernetesClient
  let elector: LeaderElector
  let events: EventLog
  private let task: LockedValue<Task<Void, Never>?> = LockedValue(nil)

  init(_ name: String, server: KubernetesAPIServer, config: LeaderElectionConfig) throws {
    self.name = name
    client = try makeClient(for: server, user: name)
    elector = try LeaderElector(client: client, config: config)
    events = EventLog()
  }

  /// Subscribes to events, then runs the elector in the background.
  func start() {
    let stream = elector.events()
    let events = self.events
    Task { for await event in stream { events.append(event) } }
    let elector = self.elector
    task.withLock { $0 = Task { await elector.run() } }
  }

  var isLeader: Bool { elector.isLeader }

  /// Stops the elector (releasing the Lease) and closes the client.
  func stop() async {
    await elector.stop()
    let running = task.withLock { $0 }
    await running?.value
    try? await client.shutdown()
  }
}

/// Events in the order they arrived, with the time (monotonic).
final class EventLog: Sendable {
  private let entries = LockedValue<[(event: LeadershipEvent, at: ContinuousClock.Instant)]>([])
  func append(_ event: LeadershipEvent) { entries.withLock { $0.append((event, .now)) } }
  var events: [LeadershipEvent] { entries.withLock { $0.map(\.event) } }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(
  timeout: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return try await condition()
}

/// The stored Lease `kube-system/<name>`.
func storedLease(_ server: KubernetesAPIServer, name: String = "test-leader") -> JSONValue? {
  server.objects(of: .leases).first { $0["metadata"]?["name"]?.stringValue == name }
}

/// A Lease object as a test seeds it.
func leaseObject(
  name: String = "test-leader", holder: String, durationSeconds: Int64, renewTime: String,
  acquireTime: String? = nil, transitions: Int64
) -> JSONValue {
  [
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": ["name": .string(name), "namespace": "kube-system"],
    "spec": [
      "holderIdentity": .string(holder), "leaseDurationSeconds": .int(durationSeconds),
      "acquireTime": .string(acquireTime ?? renewTime), "renewTime": .string(renewTime),
      "leaseTransitions": .int(transitions),
    ],
  ]
}

/// A clock the test moves by hand; sleeping returns at once after moving it.
final class ManualClock: Sendable {
  private let time = LockedValue<Duration>(.zero)
  let origin = Date(timeIntervalSince1970: 1_714_557_600)

  var uptime: Duration { time.withLock { $0 } }
  func advance(_ duration: Duration) { time.withLock { $0 += duration } }

  var clock: LeaderElectionClock {
    LeaderElectionClock(
      now: { [self] in
        let (seconds, attoseconds) = uptime.components
        return origin.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
      },
      uptime: { [self] in uptime },
      sleep: { [self] duration in
        try Task.checkCancellation()
        advance(duration)
      }, random: { 0 })
  }
}
