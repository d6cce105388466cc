import Foundation

extension ElasticsearchBulkServer {
  /// How ``ElasticsearchBulkServer/start(_:)`` sets the server up.
  public struct Options: Sendable {
    /// HTTPS with a certificate for `127.0.0.1` and `localhost` issued by a fresh
    /// ``TestCertificateAuthority``; plain HTTP when false.
    public var tls: Bool
    /// With `tls`: the TLS handshake fails unless the client presents a certificate signed by
    /// the server's CA (see ``ElasticsearchBulkServer/issueClientCertificate(commonName:)``).
    public var requireClientCertificate: Bool
    /// Credentials the server accepts. Empty: requests need no authentication (a cluster with
    /// security disabled) and `Authorization` headers are ignored.
    public var credentials: [Credential]
    /// `http.max_content_length`: the largest request body, counted after gzip decoding.
    /// Larger bodies get 413.
    public var maxContentLength: Int
    /// `version.number` of `GET /`.
    public var version: String
    /// `version.build_flavor` of `GET /` (`serverless` makes clients treat the node as serverless).
    public var buildFlavor: String
    /// A path prefix in front of every endpoint (as a reverse proxy adds, and the output's
    /// `path` setting expects), e.g. `/es`; empty for none.
    public var pathPrefix: String
    public var clusterName: String
    public var nodeName: String
    public var clusterUUID: String
    /// Parse and check each document, and keep its source; `false` (for benchmarks that send
    /// hundreds of megabytes) checks only the NDJSON framing and the action lines and keeps ids and
    /// versions, like a node that is never the bottleneck.
    public var checksDocuments = true
    /// With `tls`: the DNS names the server certificate is issued for instead of `localhost` and
    /// `127.0.0.1` (then without an IP address), e.g. to check host-name verification.
    public var certificateDNSNames: [String]?

    public init(
      tls: Bool = false, requireClientCertificate: Bool = false, credentials: [Credential] = [],
      maxContentLength: Int = 100 << 20, version: String = "8.17.0", buildFlavor: String = "default",
      pathPrefix: String = "", clusterName: String = "kspm-test-cluster", nodeName: String = "kspm-test-node",
      clusterUUID: String = ElasticsearchBulkServer.randomID()
    ) {
      self.tls = tls
      self.requireClientCertificate = requireClientCertificate
      self.credentials = credentials
      self.maxContentLength = maxContentLength
      self.version = version
      self.buildFlavor = buildFlavor
      self.pathPrefix = pathPrefix
      self.clusterName = clusterName
      self.nodeName = nodeName
      self.clusterUUID = clusterUUID
    }

    /// `pathPrefix` with one leading `/` and no trailing `/` (empty stays empty).
    var normalizedPathPrefix: String {
      let trimmed = pathPrefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
      return trimmed.isEmpty ? "" : "/" + trimmed
    }
  }

  /// One credential the server accepts.
  public enum Credential: Sendable, Hashable {
    /// `Authorization: Basic base64(username:password)`.
    case basic(username: String, password: String)
    /// `Authorization: ApiKey base64(id:key)`.
    case apiKey(id: String, key: String)
    /// `Authorization: Bearer <token>` (token service or service account tokens).
    case bearer(String)
  }

  /// Who a request was authenticated as.
  public enum Principal: Sendable, Hashable {
    /// No credentials are configured, so nobody is asked to authenticate.
    case anonymous
    case user(String)
    case apiKey(id: String)
    case bearerToken
  }

  /// A random 20-character base64url id, the shape of Elasticsearch's generated ids.
  public static func randomID() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var generator = SystemRandomNumberGenerator()
    return String((0..<20).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
  }
}
