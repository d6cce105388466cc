import Foundation
import KSPMCore
import TestSupport
import Testing

@testable import Kubernetes

@Suite("Leader election against the test API server", .serialized)
struct LeaderElectionTests {
  @Test("creates the Lease when absent, renews it keeping acquireTime, releases it on stop")
  func createRenewRelease() async throws {
    try await KubernetesAPIServer.withServer { server in
      // A renew deadline that a loaded 2-core machine running the other suites cannot miss (a CI
      // run once starved this task for 7 s, and the elector rightly stepped down): this test is
      // about the Lease's fields, not about losing it.
      let alpha = try Candidate(
        "alpha", server: server,
        config: testElectionConfig(identity: "alpha", leaseDuration: .seconds(30), renewDeadline: .seconds(20)))
      alpha.start()
      #expect(await eventually { alpha.isLeader })
      let created = try #require(storedLease(server))
      #expect(created["spec"]?["holderIdentity"] == "alpha")
      #expect(created["spec"]?["leaseDurationSeconds"] == .int(30))
      #expect(created["spec"]?["leaseTransitions"] == .int(0))
      let acquireTime = try #require(created["spec"]?["acquireTime"]?.stringValue)
      let renewTime = try #require(created["spec"]?["renewTime"]?.stringValue)
      #expect(MicroTime.isCanonical(acquireTime), "\(acquireTime)")
      #expect(MicroTime.isCanonical(renewTime), "\(renewTime)")
      #expect(created["metadata"]?["namespace"] == "kube-system")
      let first = server.requests.filter { $0.user == "alpha" }.prefix(2)
      #expect(first.map(\.method) == ["GET", "POST"])
      #expect(first.map(\.status) == [404, 201])
      #expect(
        first.map(\.path).allSatisfy { $0.hasPrefix("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases") })
      #expect(alpha.elector.leader == "alpha")

      // Renewals move renewTime and the resourceVersion, and keep acquireTime and the transitions.
      let createdVersion = Int(created["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? 0
      #expect(
        await eventually {
          let lease = storedLease(server)
          return (Int(lease?["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? 0) >= createdVersion + 2
            && lease?["spec"]?["renewTime"]?.stringValue != renewTime
        })
      let renewed = try #require(storedLease(server))
      #expect(renewed["spec"]?["holderIdentity"] == "alpha")
      #expect(renewed["spec"]?["acquireTime"]?.stringValue == acquireTime)
      #expect(renewed["spec"]?["leaseTransitions"] == .int(0))
      #expect(MicroTime.isCanonical(renewed["spec"]?["renewTime"]?.stringValue ?? ""))
      // The fast path renews with the cached object: no GET once leading.
      let alphaRequests = server.requests.filter { $0.user == "alpha" }
      #expect(alphaRequests.dropFirst(2).allSatisfy { $0.method == "PUT" && $0.status == 200 })

      await alpha.stop()
      #expect(!alpha.isLeader)
      let released = try #require(storedLease(server))
      #expect(released["spec"]?["holderIdentity"] == "")
      #expect(released["spec"]?["leaseDurationSeconds"] == .int(1))
      #expect(released["spec"]?["leaseTransitions"] == .int(0))
      #expect(MicroTime.isCanonical(released["spec"]?["acquireTime"]?.stringValue ?? ""))
      #expect(released["spec"]?["acquireTime"] == released["spec"]?["renewTime"])
      #expect(await eventually(timeout: .seconds(2)) { alpha.events.events.count >= 3 })
      #expect(alpha.events.events == [.newLeader("alpha"), .started, .stopped])
    }
  }

  @Test("cancelling the task that runs the elector releases the Lease and ends the event stream")
  func cancellationReleases() async throws {
    try await KubernetesAPIServer.withServer { server in
      let client = try makeClient(for: server, user: "alpha")
      // The release is bounded by the renew deadline; a long one here, so a machine that stalls
      // tasks for seconds still sees the release this test is about.
      let elector = try LeaderElector(
        client: client,
        config: testElectionConfig(identity: "alpha", leaseDuration: .seconds(30), renewDeadline: .seconds(20)))
      let stream = elector.events()
      let collected = Task {
        var events: [LeadershipEvent] = []
        for await event in stream { events.append(event) }
        return events
      }
      let running = Task { await elector.run() }
      #expect(await eventually { elector.isLeader })
      running.cancel()
      await running.value
      #expect(!elector.isLeader)
      #expect(storedLease(server)?["spec"]?["holderIdentity"] == "")
      // The stream ended, and every start of leading has its stop. The exact sequence once failed
      // a full-suite CI run (value not printed); a cancellation landing before leading is reported
      // may leave no start/stop pair, which is still correct.
      let events = await collected.value
      #expect(events.contains(.newLeader("alpha")))
      #expect(events.filter { $0 == .started }.count == events.filter { $0 == .stopped }.count, "\(events)")
      #expect(events.last != .started, "\(events)")
      // An elector runs once.
      await elector.run()
      #expect(storedLease(server)?["spec"]?["holderIdentity"] == "")
      try await client.shutdown()
    }
  }

  @Test("exactly one of three concurrent candidates leads at every sampled moment")
  func exactlyOneLeader() async throws {
    try await KubernetesAPIServer.withServer { server in
      // Safety (never two leaders) does not depend on the timings; liveness (one leader most of
      // the time) does, so the renew deadline is long enough that a CPU-starved run (another
      // suite holding the pool for seconds) does not make the leader step down.
      let candidates = try ["a", "b", "c"].map {
        try Candidate(
          $0, server: server,
          config: testElectionConfig(identity: $0, leaseDuration: .seconds(10), renewDeadline: .seconds(6)))
      }
      for candidate in candidates { candidate.start() }
      #expect(await eventually { candidates.contains { $0.isLeader } })
      var samples = 0
      var withOneLeader = 0
      var overlaps = 0
      let end = ContinuousClock.now + .seconds(3)
      while ContinuousClock.now < end {
        let leaders = candidates.filter(\.isLeader).count
        if leaders > 1 { overlaps += 1 }
        if leaders == 1 { withOneLeader += 1 }
        samples += 1
        try await Task.sleep(for: .milliseconds(5))
      }
      #expect(overlaps == 0)
      #expect(samples > 50)
      // The leader renews every 0.3 s; only a machine starved for 6 s could miss a renewal deadline.
      #expect(withOneLeader > samples / 2)
      let leader = candidates.first(where: \.isLeader)
      if let leader {
        #expect(storedLease(server)?["spec"]?["holderIdentity"]?.stringValue == leader.name)
        for candidate in candidates { #expect(candidate.elector.leader == leader.name) }
      }
      // The creation race was decided by 409 AlreadyExists, never two creations.
      #expect(server.requests.filter { $0.method == "POST" && $0.status == 201 }.count == 1)
      for candidate in candidates { await candidate.stop() }
    }
  }

  @Test("stopping the leader releases the Lease; another takes over within about 2.2 retry periods")
  func handoverOnStop() async throws {
    try await KubernetesAPIServer.withServer { server in
      // A long lease: a takeover well before it can only come from the release.
      let candidates = try ["a", "b", "c"].map {
        try Candidate($0, server: server, config: testElectionConfig(identity: $0, leaseDuration: .seconds(20)))
      }
      for candidate in candidates { candidate.start() }
      #expect(await eventually { candidates.contains { $0.isLeader } })
      let leader = try #require(candidates.first { $0.isLeader })
      let transitions = storedLease(server)?["spec"]?["leaseTransitions"]?.intValue ?? -1
      await leader.stop()
      let stopped = ContinuousClock.now
      #expect(!leader.isLeader)
      let others = candidates.filter { $0 !== leader }
      #expect(await eventually(timeout: .seconds(20)) { others.contains { $0.isLeader } })
      let elapsed = ContinuousClock.now - stopped
      // retryPeriod × 2.2 = 0.66 s plus a request; generous for a loaded machine, still below the 20 s lease.
      #expect(elapsed < .seconds(15), "takeover took \(elapsed)")
      let successor = try #require(others.first { $0.isLeader })
      let lease = try #require(storedLease(server))
      #expect(lease["spec"]?["holderIdentity"]?.stringValue == successor.name)
      #expect(lease["spec"]?["leaseTransitions"]?.intValue == transitions + 1)
      #expect(lease["spec"]?["leaseDurationSeconds"] == .int(20))
      #expect(leader.events.events.contains(.stopped))
      #expect(await eventually(timeout: .seconds(5)) { successor.events.events.contains(.started) })
      // The successor was last told that it leads now; any earlier holder it saw was the old leader.
      let told = successor.events.events.filter { if case .newLeader = $0 { return true } else { return false } }
      #expect(told.last == .newLeader(successor.name))
      #expect(told.dropLast().allSatisfy { $0 == .newLeader(leader.name) })
      for candidate in others { await candidate.stop() }
    }
  }

  @Test(
    "a partitioned leader stops leading after the renew deadline, before anyone else can acquire",
    arguments: [
      InjectedFault.closeConnection, .status(code: 503, reason: "ServiceUnavailable", message: "etcd unavailable"),
      .delay(.seconds(30)),
    ])
  func partitionedLeader(answer: InjectedFault) async throws {
    try await KubernetesAPIServer.withServer { server in
      let candidates = try ["a", "b", "c"].map {
        try Candidate($0, server: server, config: testElectionConfig(identity: $0, leaseDuration: .seconds(4)))
      }
      for candidate in candidates { candidate.start() }
      #expect(await eventually { candidates.contains { $0.isLeader } })
      let leader = try #require(candidates.first { $0.isLeader })
      let others = candidates.filter { $0 !== leader }
      server.partition(user: leader.name, answer: answer)
      let partitioned = ContinuousClock.now
      var lostAt: Duration?
      var successorAt: Duration?
      var overlaps = 0
      while ContinuousClock.now - partitioned < .seconds(30), successorAt == nil {
        // Read the others first: if the partitioned leader still says yes afterwards, both led.
        let successor = others.contains { $0.isLeader }
        let stillLeader = leader.isLeader
        let elapsed = ContinuousClock.now - partitioned
        if successor && stillLeader { overlaps += 1 }
        if !stillLeader, lostAt == nil { lostAt = elapsed }
        if successor, successorAt == nil { successorAt = elapsed }
        try await Task.sleep(for: .milliseconds(5))
      }
      #expect(overlaps == 0)
      let lost = try #require(lostAt)
      let successor = try #require(successorAt)
      #expect(lost < successor, "lost at \(lost), successor at \(successor)")
      // Renew deadline 1 s after the last success (at most 1.3 s before the partition).
      #expect(lost < .seconds(10), "lost at \(lost)")
      // Others wait for the lease duration (4 s) of no change, observed at most ~1 s late through
      // client-go's whole-second comparison; the leader was renewed within 1.3 s before.
      #expect(successor > .milliseconds(1500), "successor at \(successor)")
      #expect(await eventually(timeout: .seconds(5)) { leader.events.events.contains(.stopped) })
      #expect(!leader.isLeader)
      server.heal(user: leader.name)
      // Healed, the old leader respects the new holder.
      try await Task.sleep(for: .milliseconds(700))
      #expect(!leader.isLeader)
      #expect(candidates.filter(\.isLeader).count <= 1)
      for candidate in candidates { await candidate.stop() }
    }
  }

  @Test("concurrent updates: one PUT wins, the other gets 409 Conflict and fails that attempt")
  func conflictingUpdates() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed(
        leaseObject(holder: "", durationSeconds: 1, renewTime: MicroTime.format(Date()), transitions: 7))
      let a = try Candidate("a", server: server, config: testElectionConfig(identity: "a"))
      let b = try Candidate("b", server: server, config: testElectionConfig(identity: "b"))
      // Open both connections first, then slow every answer down so that both reads are served
      // before either update.
      _ = try await a.client.serverVersion()
      _ = try await b.client.serverVersion()
      server.setResponseDelay(.milliseconds(800))
      async let first = a.elector.campaign.tryAcquireOrRenew()
      async let second = b.elector.campaign.tryAcquireOrRenew()
      let results = await [first, second]
      server.setResponseDelay(nil)
      #expect(results.filter { $0 }.count == 1)
      let puts = server.requests.filter { $0.method == "PUT" }
      #expect(puts.map(\.status).sorted() == [200, 409])
      let winner = results[0] ? "a" : "b"
      let lease = try #require(storedLease(server))
      #expect(lease["spec"]?["holderIdentity"]?.stringValue == winner)
      #expect(lease["spec"]?["leaseTransitions"] == .int(8))
      // The loser reads again next time and respects the winner.
      let loser = results[0] ? b : a
      #expect(await loser.elector.campaign.tryAcquireOrRenew() == false)
      #expect(loser.elector.leader == winner)
      try await a.client.shutdown()
      try await b.client.shutdown()
    }
  }

  @Test("two candidates create the absent Lease at once: 409 AlreadyExists, one leader")
  func creationRace() async throws {
    try await KubernetesAPIServer.withServer { server in
      let candidates = try ["a", "b"].map {
        try Candidate($0, server: server, config: testElectionConfig(identity: $0))
      }
      for candidate in candidates { _ = try await candidate.client.serverVersion() }
      // Both reads are served before either creation.
      server.setResponseDelay(.milliseconds(300))
      for candidate in candidates { candidate.start() }
      #expect(await eventually { candidates.contains { $0.isLeader } })
      server.setResponseDelay(nil)
      let posts = server.requests.filter { $0.method == "POST" }
      #expect(posts.map(\.status).sorted() == [201, 409])
      #expect(await eventually { candidates.filter(\.isLeader).count == 1 })
      for _ in 0..<100 {
        #expect(candidates.filter(\.isLeader).count <= 1)
        try await Task.sleep(for: .milliseconds(5))
      }
      for candidate in candidates { await candidate.stop() }
    }
  }

  @Test("the leader's cached update fails with 409 after an outside change; it reads again and keeps leading")
  func fastPathConflict() async throws {
    try await KubernetesAPIServer.withServer { server in
      let alpha = try Candidate("alpha", server: server, config: testElectionConfig(identity: "alpha"))
      alpha.start()
      #expect(await eventually { alpha.isLeader })
      // Someone (kubectl annotate) changes the Lease: its resourceVersion moves on.
      var lease = try #require(storedLease(server)?.objectValue)
      var metadata = lease["metadata"]?.objectValue ?? JSONObject()
      metadata["annotations"] = ["touched-by": "kubectl"]
      lease["metadata"] = .object(metadata)
      server.clearRequestLog()
      try server.seed(.object(lease))
      #expect(
        await eventually(timeout: .seconds(10)) {
          let requests = server.requests.filter { $0.user == "alpha" }
          let statuses = requests.map { "\($0.method) \($0.status)" }
          guard let conflict = statuses.firstIndex(of: "PUT 409") else { return false }
          return statuses[(conflict + 1)...].starts(with: ["GET 200", "PUT 200"])
        })
      #expect(alpha.isLeader)
      #expect(storedLease(server)?["metadata"]?["annotations"]?["touched-by"] == "kubectl")
      #expect(!alpha.events.events.contains(.stopped))
      await alpha.stop()
    }
  }

  @Test("a foreign holder is respected for its lease duration by the local clock, then taken over")
  func foreignHolderWithManualClock() async throws {
    try await KubernetesAPIServer.withServer { server in
      // renewTime from long ago: only the local observation counts, not the holder's clock.
      try server.seed(
        leaseObject(
          holder: "other", durationSeconds: 10, renewTime: "1990-01-01T00:00:00.000000Z", transitions: 2))
      let manual = ManualClock()
      let client = try makeClient(for: server, user: "me")
      let elector = try LeaderElector(
        client: client, config: testElectionConfig(identity: "me", leaseDuration: .seconds(10)), clock: manual.clock)
      let campaign = elector.campaign
      #expect(await campaign.tryAcquireOrRenew() == false)
      #expect(elector.leader == "other")
      manual.advance(.milliseconds(9900))
      #expect(await campaign.tryAcquireOrRenew() == false)
      // The holder renews: the change is observed at 10.5 s and counts from there.
      try server.seed(
        leaseObject(
          holder: "other", durationSeconds: 10, renewTime: "1990-01-01T00:00:09.000000Z",
          acquireTime: "1990-01-01T00:00:00.000000Z", transitions: 2))
      manual.advance(.milliseconds(600))
      #expect(await campaign.tryAcquireOrRenew() == false)
      manual.advance(.milliseconds(9900))
      #expect(await campaign.tryAcquireOrRenew() == false)
      manual.advance(.milliseconds(200))
      server.clearRequestLog()
      #expect(await campaign.tryAcquireOrRenew() == true)
      #expect(server.requests.map(\.method) == ["GET", "PUT"])
      let acquired = try #require(storedLease(server))
      #expect(acquired["spec"]?["holderIdentity"] == "me")
      #expect(acquired["spec"]?["leaseTransitions"] == .int(3))
      #expect(acquired["spec"]?["acquireTime"] == "2024-05-01T10:00:20.600000Z")
      #expect(acquired["spec"]?["renewTime"] == "2024-05-01T10:00:20.600000Z")

      // Renewing: one PUT with the cached object, acquireTime and transitions kept.
      manual.advance(.seconds(2))
      server.clearRequestLog()
      #expect(await campaign.tryAcquireOrRenew() == true)
      #expect(server.requests.map(\.method) == ["PUT"])
      let renewed = try #require(storedLease(server))
      #expect(renewed["spec"]?["acquireTime"] == "2024-05-01T10:00:20.600000Z")
      #expect(renewed["spec"]?["renewTime"] == "2024-05-01T10:00:22.600000Z")
      #expect(renewed["spec"]?["leaseTransitions"] == .int(3))

      // Releasing: holder cleared, 1 s, times now, transitions kept.
      manual.advance(.seconds(1))
      #expect(await campaign.tryRelease() == true)
      let released = try #require(storedLease(server))
      #expect(released["spec"]?["holderIdentity"] == "")
      #expect(released["spec"]?["leaseDurationSeconds"] == .int(1))
      #expect(released["spec"]?["acquireTime"] == "2024-05-01T10:00:23.600000Z")
      #expect(released["spec"]?["renewTime"] == "2024-05-01T10:00:23.600000Z")
      #expect(released["spec"]?["leaseTransitions"] == .int(3))
      // A released Lease is taken at once by anyone (here: a newcomer that never saw it before).
      let newcomer = try LeaderElector(
        client: client, config: testElectionConfig(identity: "newcomer", leaseDuration: .seconds(10)),
        clock: manual.clock)
      #expect(await newcomer.campaign.tryAcquireOrRenew() == true)
      #expect(storedLease(server)?["spec"]?["leaseTransitions"] == .int(4))
      try await client.shutdown()
    }
  }

  @Test("the test server validates Leases like kube-apiserver and bumps resourceVersion on PUT")
  func serverLeaseSemantics() async throws {
    try await KubernetesAPIServer.withServer { server in
      try await withClient(server) { client in
        let path = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"
        func lease(_ spec: JSONValue) -> JSONValue {
          ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "x"], "spec": spec]
        }
        for (spec, code) in [
          (["renewTime": "2024-05-01T10:00:00Z"] as JSONValue, 400), (["renewTime": "2024-05-01T10:00:00.123Z"], 400),
          (["leaseDurationSeconds": 0], 422), (["leaseTransitions": -1], 422), (["holderIdentity": 5], 400),
        ] {
          await #expect {
            _ = try await client.request(.post, path: path, body: lease(spec))
          } throws: { error in
            (error as? KubernetesClientError)?.statusCode == code
          }
        }
        let created = try await client.request(
          .post, path: path,
          body: lease(["holderIdentity": "a", "leaseDurationSeconds": 15, "renewTime": "2024-05-01T10:00:00.000000Z"]))
        #expect(created.status == 201)
        var object = try #require(created.body.objectValue)
        let version = try #require(object["metadata"]?["resourceVersion"]?.stringValue)
        object["spec"] = ["holderIdentity": "b", "leaseDurationSeconds": 15]
        let updated = try await client.request(.put, path: path + "/x", body: .object(object))
        #expect(updated.body["metadata"]?["resourceVersion"]?.stringValue != version)
        // The same stale object again: 409 Conflict.
        await #expect {
          _ = try await client.request(.put, path: path + "/x", body: .object(object))
        } throws: { error in
          (error as? KubernetesClientError)?.statusCode == 409
        }
        let resources = try await client.request(.get, path: "/apis/coordination.k8s.io/v1")
        let leases = resources.body["resources"]?.arrayValue?.first { $0["name"] == "leases" }
        #expect(leases?["namespaced"] == true)
        let verbs = Set(leases?["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(verbs.isSuperset(of: ["get", "list", "create", "update", "delete"]))
      }
    }
  }
}
