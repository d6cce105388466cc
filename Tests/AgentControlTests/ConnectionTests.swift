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
        let checkins = try await server.waitForCheckins(timeout: .seconds(10)) { $0.contains { $0.stream == 2 } }
        let reconnected = try #require(checkins.first { $0.stream == 2 })
        #expect(reconnected.message.hasVersionInfo)
        #expect(reconnected.message.units.map(\.id) == ["in-1"])
        let waits = events.all.compactMap { if case .retrying(let wait) = $0 { wait } else { nil } }
        // Streams that break at once back off: each wait doubles, up to the cap.
        #expect(waits.count >= 3)
        #expect(waits[1] == waits[0] * 2 || waits[1] == .seconds(1))
        #expect(waits.allSatisfy { $0 <= .seconds(1) })
      }
    }
  }
}
