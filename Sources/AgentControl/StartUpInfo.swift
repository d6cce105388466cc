import Foundation
import SwiftProtobuf

/// What the Elastic Agent writes to a component's standard input before closing it: where and how
/// to connect back (address, TLS material, token) and which agent runs the component.
public struct StartUpInfo: Sendable, Hashable {
  /// Services the agent may grant a component.
  public enum Service: Int, Sendable, Hashable {
    case checkin = 0
    case checkinV2 = 1
    case store = 2
    case artifact = 3
    case log = 4
  }

  /// The gRPC target: `host:port`, or `unix://<path>`.
  public var address: String
  /// Name for TLS SNI and for verifying the agent's certificate.
  public var serverName: String
  /// Identifies this component on every stream.
  public var token: String
  /// PEM of the CA that signed the agent's and the component's certificates.
  public var caCertificatePEM: [UInt8]
  /// PEM of the component's client certificate.
  public var peerCertificatePEM: [UInt8]
  /// PEM of the component's private key (PKCS#1 RSA from the agent).
  public var peerKeyPEM: [UInt8]
  /// Services the agent grants; without `checkinV2` the control protocol V2 is unavailable.
  public var services: [Service]
  /// Whether the agent can reassemble chunked checkins.
  public var supportsChunking: Bool
  /// Largest message either side may send, in bytes; 0 means the client default (4 MiB).
  public var maxMessageSize: UInt32
  /// The agent that launched this component, when it says.
  public var agentInfo: AgentInfo?

  public init(
    address: String, serverName: String, token: String, caCertificatePEM: [UInt8], peerCertificatePEM: [UInt8],
    peerKeyPEM: [UInt8], services: [Service] = [.checkinV2], supportsChunking: Bool = false,
    maxMessageSize: UInt32 = 0, agentInfo: AgentInfo? = nil
  ) {
    self.address = address
    self.serverName = serverName
    self.token = token
    self.caCertificatePEM = caCertificatePEM
    self.peerCertificatePEM = peerCertificatePEM
    self.peerKeyPEM = peerKeyPEM
    self.services = services
    self.supportsChunking = supportsChunking
    self.maxMessageSize = maxMessageSize
    self.agentInfo = agentInfo
  }

  /// Decodes the binary protobuf `StartUpInfo` message.
  public init(serializedBytes bytes: [UInt8]) throws {
    let message = try Proto_StartUpInfo(serializedBytes: bytes)
    self.init(
      address: message.addr, serverName: message.serverName, token: message.token,
      caCertificatePEM: Array(message.caCert), peerCertificatePEM: Array(message.peerCert),
      peerKeyPEM: Array(message.peerKey), services: message.services.compactMap { Service(rawValue: $0.rawValue) },
      supportsChunking: message.supports.contains(.checkinChunking), maxMessageSize: message.maxMessageSize,
      agentInfo: message.hasAgentInfo ? AgentInfo(message.agentInfo) : nil)
  }

  /// Reads `handle` (the agent passes standard input) to its end and decodes what it held.
  public static func read(from handle: FileHandle = .standardInput) throws -> StartUpInfo {
    let data = try handle.readToEnd() ?? Data()
    return try StartUpInfo(serializedBytes: Array(data))
  }

  /// The binary protobuf encoding, as the agent writes it.
  public func serializedBytes() throws -> [UInt8] {
    var message = Proto_StartUpInfo()
    message.addr = address
    message.serverName = serverName
    message.token = token
    message.caCert = Data(caCertificatePEM)
    message.peerCert = Data(peerCertificatePEM)
    message.peerKey = Data(peerKeyPEM)
    message.services = services.compactMap { Proto_ConnInfoServices(rawValue: $0.rawValue) }
    message.supports = supportsChunking ? [.checkinChunking] : []
    message.maxMessageSize = maxMessageSize
    if let agentInfo { message.agentInfo = agentInfo.message }
    return try message.serializedBytes()
  }

  /// Whether the agent granted the V2 control protocol.
  public var grantsCheckinV2: Bool { services.contains(.checkinV2) }
}
