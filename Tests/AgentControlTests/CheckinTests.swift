import AgentControl
import Foundation
import KSPMCore
import TestSupport
import Testing

@Suite(.serialized) struct CheckinTests {
  /// The agent closes a stream whose first checkin has not come within 5 s. The client speaks
  /// first: the test server, like the agent, sends nothing before it has that checkin, so a client
  /// waiting for the server would never check in. (Wall-clock bounds are not asserted: a loaded
  /// 2-core machine delays any task by seconds.)
  @Test func theClientSpeaksFirstWithTokenAndVersionInfo() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo()) { _, _, events in
        let checkins = try await server.waitForCheckins { !$0.isEmpty }
        let first = checkins[0].message
        #expect(first.token == server.token)
        #expect(first.hasVersionInfo)
        #expect(first.versionInfo.name == "beat-v2-client")
        #expect(first.versionInfo.meta["commit"] == "abc123")
        #expect(first.pid == UInt64(ProcessInfo.processInfo.processIdentifier))
        try await events.wait { $0.contains(.connected) }
      }
    }
  }

  @Test func expectedUnitsArriveWithTheirConfigsAsJSON() async throws {
    try await withControlServer { server in
      server.setExpected(sampleExpected())
      try await withClient(server.startUpInfo()) { client, expected, _ in
        let states = try await expected.wait { !$0.isEmpty }
        let state = states[0]
        #expect(state.featuresIdx == 3)
        #expect(state.componentIdx == 4)
        #expect(state.agentInfo?.version == "9.1.0")
        let output = try #require(state.units.first { $0.type == .output })
        #expect(output.id == "cloudbeat/cis_k8s-default")
        #expect(output.state == .healthy)
        #expect(output.configStateIdx == 1)
        #expect(output.config?.type == "elasticsearch")
        #expect(output.config?.source["hosts"] == ["https://es:9200"])
        #expect(output.config?.source["bulk_max_size"] == .int(50))
        let input = try #require(state.units.first { $0.type == .input })
        #expect(input.logLevel == .debug)
        #expect(input.config?.name == "kspm-1")
        #expect(input.config?.revision == 2)
        #expect(input.config?.package?.name == "cloud_security_posture")
        #expect(input.config?.dataStream?.namespace == "default")
        #expect(input.config?.streams.first?.dataStream?.dataset == "cloud_security_posture.findings")
        #expect(input.config?.streams.first?.source["period"] == "4h")
        #expect(input.config?.source[path: "policy", "revision"] == .int(7))

        // The indexes from the expected message are echoed on the next checkin.
        client.report(ObservedUnit(id: input.id, type: .input, state: .healthy, message: "Healthy", configStateIdx: 1))
        let echoed = try await server.waitForCheckins { $0.contains { !$0.message.units.isEmpty } }
        let last = try #require(echoed.last)
        #expect(last.message.featuresIdx == 3)
        #expect(last.message.componentIdx == 4)
        #expect(!last.message.hasVersionInfo)

        // A pushed change reaches the caller too.
        server.setExpected(sampleExpected(outputIdx: 2))
        // (The server also re-sends the expected state while units are unsettled, as the agent does.)
        let updated = try await expected.wait { states in
          states.contains { $0.units.first { $0.type == .output }?.configStateIdx == 2 }
        }
        #expect(updated.contains { $0.units.first { $0.type == .output }?.configStateIdx == 2 })
      }
    }
  }

  @Test func stateChangesAreSentAtOnce() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo(), options: fastOptions(checkinInterval: .seconds(60))) { client, _, _ in
        try await server.waitForCheckins { !$0.isEmpty }
        let before = ContinuousClock.now
        let payload: JSONValue = ["error": "x"]
        client.report([
          ObservedUnit(
            id: "in-1", type: .input, state: .failed, message: "could not start", configStateIdx: 1, payload: payload),
          ObservedUnit(id: "out-1", type: .output, state: .healthy, message: "Healthy", configStateIdx: 1),
        ])
        let checkins = try await server.waitForCheckins { $0.count >= 2 }
        let change = checkins[1]
        // Far sooner than the next heartbeat (60 s away): sent because the state changed.
        #expect(change.at - before < .seconds(20))
        let failed = try #require(change.message.units.first { $0.id == "in-1" })
        #expect(failed.state == .failed)
        #expect(failed.type == .input)
        #expect(failed.message == "could not start")
        #expect(failed.configStateIdx == 1)
        #expect(JSONValue(protobufStruct: failed.payload) == payload)
        #expect(change.message.units.first { $0.id == "out-1" }?.type == .output)
        #expect(change.message.token == server.token)
      }
    }
  }

  @Test func heartbeatsComeWithinTheConfiguredInterval() async throws {
    try await withControlServer { server in
      let interval = Duration.milliseconds(300)
      try await withClient(server.startUpInfo(), options: fastOptions(checkinInterval: interval)) { _, _, _ in
        let checkins = try await server.waitForCheckins { $0.count >= 6 }
        for (earlier, later) in zip(checkins, checkins.dropFirst()) {
          // Each heartbeat comes about one interval after the one before (bounded loosely: a loaded
          // machine delays tasks), never only when something changes.
          #expect(later.at - earlier.at < interval + .seconds(10))
        }
        #expect(checkins.dropFirst().allSatisfy { !$0.message.hasVersionInfo })
      }
    }
  }
}
