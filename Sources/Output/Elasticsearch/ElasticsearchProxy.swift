import KSPMCore

/// A proxy between the output and Elasticsearch (`proxy_url`, `proxy_headers`).
///
/// Every request goes through an HTTP `CONNECT` tunnel (TLS to Elasticsearch is end to end), or
/// through a SOCKS5 proxy.
public struct ElasticsearchProxy: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case http
    case socks5
  }

  public var kind: Kind
  public var host: String
  public var port: Int
  /// `Proxy-Authorization: Basic` credentials from the URL's `user:password@` (HTTP proxies only).
  public var username: String?
  public var password: ConfigSecret?
  /// Extra headers on the `CONNECT` request only (`proxy_headers`).
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
