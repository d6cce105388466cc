import GRPCCore
import GRPCNIOTransportHTTP2Posix

/// The gRPC transport to the agent: mutual TLS with the StartUpInfo's CA and client certificate,
/// `server_name` for SNI and certificate verification, ALPN h2 (offered by the transport).
enum AgentControlTransport {
  static func make(_ info: StartUpInfo) throws -> HTTP2ClientTransport.Posix {
    let security = HTTP2ClientTransport.Posix.TransportSecurity.mTLS(
      certificateChain: [.bytes(info.peerCertificatePEM, format: .pem)],
      privateKey: .bytes(info.peerKeyPEM, format: .pem)
    ) { tls in
      tls.trustRoots = .certificates([.bytes(info.caCertificatePEM, format: .pem)])
      tls.serverCertificateVerification = .fullVerification
    }
    let config = HTTP2ClientTransport.Posix.Config.defaults { config in
      config.http2.authority = info.serverName
      config.backoff = .init(initial: .milliseconds(100), max: .seconds(1), multiplier: 2, jitter: 0)
    }
    let maxBytes = info.maxMessageSize > 0 ? Int(info.maxMessageSize) : 4 * 1024 * 1024
    let method = MethodConfig(
      names: [MethodConfig.Name(service: "proto.ElasticAgent")], waitForReady: false,
      maxRequestMessageBytes: maxBytes, maxResponseMessageBytes: maxBytes)
    return try HTTP2ClientTransport.Posix(
      target: try target(info.address), transportSecurity: security, config: config,
      serviceConfig: ServiceConfig(methodConfig: [method]))
  }

  /// `host:port` or `unix://<path>` as a gRPC target.
  static func target(_ address: String) throws -> any ResolvableTarget {
    if address.hasPrefix("unix://") {
      return ResolvableTargets.UnixDomainSocket.unixDomainSocket(path: String(address.dropFirst("unix://".count)))
    }
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
      throw AgentControlError.unsupportedAddress(address)
    }
    var host = String(address[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return ResolvableTargets.DNS.dns(host: host, port: port)
  }
}
