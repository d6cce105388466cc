import AsyncHTTPClient

/// Everything ``makeHTTPClient(_:)`` needs besides defaults: TLS, proxy, timeouts and policies.
public struct HTTPClientOptions: Sendable {
  /// `nil` (or `enabled: false`): the system's roots with full verification.
  public var tls: TLSClientConfig?
  /// `nil`: connect directly.
  public var proxy: HTTPProxy?
  /// TCP connect timeout (and TLS handshake, as AsyncHTTPClient counts it). Default 10 s.
  public var connectTimeout: Duration
  /// How long an idle pooled connection is kept; `nil`: AsyncHTTPClient's default (60 s).
  public var idleConnectionTimeout: Duration?
  /// Largest decompressed response body (gzip/deflate answers are decompressed); `nil`:
  /// responses are not decompressed.
  public var decompressionLimit: Int?
  /// Default `.disallow`: a redirect could carry credentials to another host.
  public var redirects: HTTPClient.Configuration.RedirectConfiguration
  /// Whether a failed connection attempt is retried until the request's deadline. Default false:
  /// the failure is reported at once and the caller's own backoff decides.
  public var retryConnectionEstablishment: Bool

  public init(
    tls: TLSClientConfig? = nil, proxy: HTTPProxy? = nil, connectTimeout: Duration = .seconds(10),
    idleConnectionTimeout: Duration? = nil, decompressionLimit: Int? = nil,
    redirects: HTTPClient.Configuration.RedirectConfiguration = .disallow, retryConnectionEstablishment: Bool = false
  ) {
    self.tls = tls
    self.proxy = proxy
    self.connectTimeout = connectTimeout
    self.idleConnectionTimeout = idleConnectionTimeout
    self.decompressionLimit = decompressionLimit
    self.redirects = redirects
    self.retryConnectionEstablishment = retryConnectionEstablishment
  }
}
