import KSPMCore

/// A proxy between a client and its servers.
///
/// Every request goes through an HTTP `CONNECT` tunnel (TLS to the server is end to end), or
/// through a SOCKS5 proxy.
public struct HTTPProxy: Sendable, Equatable {
  public enum Kind: String, Sendable {
    /// An HTTP proxy that opens `CONNECT` tunnels.
    case http
    /// A SOCKS5 proxy without authentication.
    case socks5
  }

  public var kind: Kind
  public var host: String
  public var port: Int
  /// `Proxy-Authorization: Basic` credentials (HTTP proxies only).
  public var username: String?
  public var password: ConfigSecret?
  /// Extra headers on the `CONNECT` request only (HTTP proxies only).
  public var headers: [String: String]

  public init(
    kind: Kind = .http, host: String, port: Int, username: String? = nil, password: ConfigSecret? = nil,
    headers: [String: String] = [:]
  ) {
    self.kind = kind
    self.host = host
    self.port = port
    self.username = username
    self.password = password
    self.headers = headers
  }
}
