import AgentControl
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ConnectionTests {
  @Test func aWrongTokenIsRejected() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo(token: "not-the-token")) { _, _, events in
        try await events.wait { $0.contains { if case .disconnected = $0 { true } else { false } } }
        #expect(server.rejectedTokens.contains("not-the-token"))
        #expect(server.checkins.isEmpty)
        #expect(!events.all.contains(.connected))
      }
    }
  }

  @Test func aClientTrustingAnotherCAFailsToConnect() async throws {
    try await withControlServer { server in
      let other = try AgentTestCertificates()
      try await withClient(server.startUpInfo(caCertificatePEM: other.caCertificatePEM)) { _, _, events in
        try await events.wait { $0.filter { if case .disconnected = $0 { true } else { false } }.count >= 2 }
        #expect(server.checkins.isEmpty)
        #expect(!events.all.contains(.connected))
      }
    }
  }

  @Test func aClientWithAnotherServerNameFailsToConnect() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo(serverName: "0000deadbeef0000deadbeef0000dead")) { _, _, events in
        try await events.wait { $0.contains { if case .disconnected = $0 { true } else { false } } }
        #expect(server.rejectedServerNames.contains("0000deadbeef0000deadbeef0000dead"))
        #expect(server.checkins.isEmpty)
        #expect(!events.all.contains(.connected))
      }
    }
  }

  @Test func reconnectsWithBackoffAfterARestartAndSendsVersionInfoAgain() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo()) { client, _, events in
        client.report(ObservedUnit(id: "in-1", type: .input, state: .healthy, message: "Healthy"))
        try await server.waitForCheckins { $0.contains { !$0.message.units.isEmpty } }
        await server.stop()
        try await events.wait { $0.filter { if case .retrying = $0 { true } else { false } }.count >= 3 }
        try await server.start()
        let checkins = try await server.waitForCheckins { $0.contains { $0.stream == 2 } }
        let reconnected = try #require(checkins.first { $0.stream == 2 })
        #expect(reconnected.message.hasVersionInfo)
        #expect(reconnected.message.units.map(\.id) == ["in-1"])
        let waits = events.all.compactMap { if case .retrying(let wait) = $0 { wait } else { nil } }
        // Attempts that fail at once back off: each wait doubles the one before, up to the cap (1 s
        // here); an attempt that took at least the first wait (a loaded machine can make a refused
        // connection that slow) starts over at it (200 ms). Nothing else is allowed.
        #expect(waits.count >= 3)
        #expect(waits.first == .milliseconds(200))
        for (earlier, later) in zip(waits, waits.dropFirst()) {
          #expect(
            later == min(earlier * 2, .seconds(1)) || later == .milliseconds(200), "\(waits)")
        }
      }
    }
  }
}
