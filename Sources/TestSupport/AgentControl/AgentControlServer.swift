import AgentControl
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// A stand-in for the Elastic Agent's control server, from the same generated code the client
/// uses: mutual TLS with agent-shaped test certificates, ALPN h2 required, connections whose SNI is
/// not the expected server name closed, the token checked on every stream. It records observed
/// checkins, sends the expected state and actions the test sets, and can be stopped and started
/// again on the same port.
public final class AgentControlServer: TestServerLifetime {
  /// The component's token.
  public let token: String
  public let certificates: AgentTestCertificates
  /// The port the client connects to; kept across `stop()` and `start()`.
  public let port: Int
  let state = SharedServerState()
  private let running = Mutex<Running?>(nil)

  private struct Running: Sendable {
    var gate: SNIGate
    var server: GRPCServer<HTTP2ServerTransport.Posix>
    var serving: Task<Void, Never>
  }

  /// Starts a server on 127.0.0.1:`port` (0: a ``RestartablePort``) with `certificates` (by
  /// default the process's shared set).
  public static func start(
    token: String = UUID().uuidString, port: Int = 0, certificates: AgentTestCertificates? = nil
  ) async throws -> AgentControlServer {
    let certificates = try certificates ?? AgentTestCertificates.shared()
    let probe = try await AgentControlServer(token: token, certificates: certificates, port: port)
    return probe
  }

  private init(token: String, certificates: AgentTestCertificates, port: Int) async throws {
    self.token = token
    self.certificates = certificates
    let running = try await Self.launch(token: token, certificates: certificates, port: port, state: state)
    self.port = running.gate.port
    self.running.withLock { $0 = running }
  }

  private static func launch(
    token: String, certificates: AgentTestCertificates, port: Int, state: SharedServerState
  ) async throws -> Running {
    let pair = certificates.pair
    let security = HTTP2ServerTransport.Posix.TransportSecurity.mTLS(
      certificateChain: [.bytes(Array(pair.certificatePEM.utf8), format: .pem)],
      privateKey: .bytes(Array(pair.privateKeyPEM.utf8), format: .pem)
    ) { tls in
      tls.trustRoots = .certificates([.bytes(Array(certificates.caCertificatePEM.utf8), format: .pem)])
      tls.clientCertificateVerification = .noHostnameVerification
      tls.requireALPN = true
    }
    let transport = HTTP2ServerTransport.Posix(
      address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: security)
    let server = GRPCServer(transport: transport, services: [AgentControlService(token: token, state: state)])
    let serving = Task { _ = try? await server.serve() }
    guard let backendPort = try await transport.listeningAddress.ipv4?.port else {
      serving.cancel()
      throw AgentControlServerError.notListening
    }
    let serverName = certificates.serverName
    let gate = try await SNIGate.start(port: port, serverName: serverName, backendPort: backendPort) { name in
      state.withLock { $0.rejectedServerNames.append(name) }
    }
    return Running(gate: gate, server: server, serving: serving)
  }

  /// Stops listening and drops every connection, as an agent restart would.
  public func stop() async {
    guard
      let running = running.withLock({ current in
        defer { current = nil }; return current
      })
    else { return }
    await running.gate.close()
    running.serving.cancel()
    running.server.beginGracefulShutdown()
    await running.serving.value
  }

  /// Listens again on the same port after `stop()`.
  public func start() async throws {
    let launched = try await Self.launch(token: token, certificates: certificates, port: port, state: state)
    running.withLock { $0 = launched }
  }

  public func shutdown() async { await stop() }

  /// What the agent writes to the component's stdin; override a field to make a bad client.
  public func startUpInfo(
    token: String? = nil, serverName: String? = nil, caCertificatePEM: String? = nil, agentInfo: AgentInfo? = nil
  ) -> StartUpInfo {
    StartUpInfo(
      address: "127.0.0.1:\(port)", serverName: serverName ?? certificates.serverName, token: token ?? self.token,
      caCertificatePEM: Array((caCertificatePEM ?? certificates.caCertificatePEM).utf8),
      peerCertificatePEM: Array(certificates.pair.certificatePEM.utf8),
      peerKeyPEM: Array(certificates.pair.privateKeyPEM.utf8), services: [.checkinV2], supportsChunking: true,
      maxMessageSize: 100 * 1024 * 1024, agentInfo: agentInfo ?? AgentInfo(id: "test-agent", version: "9.1.0"))
  }

  /// `startUpInfo()` in the binary protobuf encoding.
  public func startUpInfoBytes() throws -> [UInt8] { try startUpInfo().serializedBytes() }

  /// Sets the expected state: sent on every new stream, and now on the open ones.
  public func setExpected(_ expected: Proto_CheckinExpected) {
    state.withLock { state in
      state.expected = expected
      for push in state.checkinPushes.values { push.yield(expected) }
    }
  }

  /// Changes the expected state in place and sends it on the open streams.
  public func updateExpected(_ change: (inout Proto_CheckinExpected) -> Void) {
    state.withLock { state in
      change(&state.expected)
      for push in state.checkinPushes.values { push.yield(state.expected) }
    }
  }

  /// The expected state as it is now (units the component stopped are gone from it).
  public var expected: Proto_CheckinExpected { state.withLock { $0.expected } }

  /// How one unit was reported, checkin after checkin, with repeats of the same state, message
  /// and index left out.
  public func history(of unitID: String, type: Proto_UnitType = .input) -> [Proto_UnitObserved] {
    var result: [Proto_UnitObserved] = []
    for checkin in checkins {
      guard let unit = checkin.message.units.first(where: { $0.id == unitID && $0.type == type }) else { continue }
      if let last = result.last, last.state == unit.state, last.message == unit.message,
        last.configStateIdx == unit.configStateIdx
      {
        continue
      }
      result.append(unit)
    }
    return result
  }

  /// The unit as the latest checkin reported it; `nil` when that checkin does not list it.
  public func latest(_ unitID: String, type: Proto_UnitType = .input) -> Proto_UnitObserved? {
    checkins.last?.message.units.first { $0.id == unitID && $0.type == type }
  }

  /// Every observed checkin so far.
  public var checkins: [RecordedCheckin] { state.withLock { $0.checkins } }
  /// Tokens of streams refused for a wrong token.
  public var rejectedTokens: [String] { state.withLock { $0.rejectedTokens } }
  /// Server names of connections refused by SNI (`nil`: none sent).
  public var rejectedServerNames: [String?] { state.withLock { $0.rejectedServerNames } }
  /// Every action response other than `init`.
  public var actionResponses: [Proto_ActionResponse] { state.withLock { $0.actionResponses } }

  /// Waits until `condition` holds for the recorded checkins, and returns them.
  @discardableResult
  public func waitForCheckins(
    timeout: Duration = .seconds(30), _ condition: @Sendable ([RecordedCheckin]) -> Bool
  ) async throws -> [RecordedCheckin] {
    try await poll(timeout: timeout, "checkins") {
      let checkins = self.checkins
      return condition(checkins) ? checkins : nil
    }
  }

  /// Sends `request` on the open Actions stream (waiting for one) and returns the component's answer.
  public func perform(_ request: Proto_ActionRequest, timeout: Duration = .seconds(30)) async throws
    -> Proto_ActionResponse
  {
    try await poll(timeout: timeout, "an Actions stream") {
      self.state.withLock { state -> Bool? in
        guard let push = state.actionPushes.values.first else { return nil }
        push.yield(request)
        return true
      }
    }
    return try await poll(timeout: timeout, "the answer to action \(request.id)") {
      self.actionResponses.first { $0.id == request.id }
    }
  }

  private func poll<T>(timeout: Duration, _ what: String, _ probe: @Sendable () -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if let value = probe() { return value }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw AgentControlServerError.timedOut(what)
  }
}

/// Failures of the control test server.
public enum AgentControlServerError: Error, Sendable, Equatable {
  case notListening
  case timedOut(String)
}
