import HTTPTransport
import KSPMCore

/// The Elasticsearch output (`output.elasticsearch`), with libbeat's keys and defaults
/// (agent-and-output.md B.1), except `max_retries`: unset means transient failures are retried until
/// delivered. Values not written in the file come from `preset` when one is chosen, else the defaults.
public struct ElasticsearchOutputConfig: Sendable, Equatable {
  /// The cluster's nodes (at least one), scheme/port/path resolved.
  public var hosts: [ElasticsearchHost]
  public var auth: ElasticsearchAuth
  /// `nil`: no `ssl` section (https hosts use the system's roots and full verification).
  public var tls: TLSClientConfig?
  /// gzip level 0–9, 0 = no compression. Default 1.
  public var compressionLevel: Int
  /// Most documents per bulk request (≥ 1). Default 1600.
  public var bulkMaxSize: Int
  /// Connections per host (`worker`/`workers`, ≥ 1). Default 2 (libbeat: 1): with one, the
  /// scanner's core idles during every bulk round trip (100,000 pods: 85 s against 58 s).
  public var workers: Int

  /// `worker` when neither it nor a preset sets it.
  public static let defaultWorkers = 2
  /// `true`: all hosts publish in parallel; `false`: one host until it fails. Default true.
  public var loadBalance: Bool
  /// First retry delay (libbeat's equal-jitter backoff). Default 1 s.
  public var backoffInit: Duration
  /// Longest retry delay. Default 60 s.
  public var backoffMax: Duration
  /// HTTP request timeout. Default 90 s.
  public var timeout: Duration
  /// Keep-alive idle timeout. Default 3 s.
  public var idleConnectionTimeout: Duration
  /// Retries after a failed send before a document is dropped; `nil` (the default, and any
  /// negative value): retry transient failures (429, 5xx, network) until delivered.
  public var maxRetries: Int?
  /// The preset the defaults came from.
  public var preset: ElasticsearchPreset
  public var nonIndexablePolicy: NonIndexablePolicy
  /// Extra headers on every request (`headers`); values are secrets (they may carry credentials)
  /// and replace the output's own headers of the same name.
  public var headers: [String: ConfigSecret] = [:]
  /// Extra query parameters on every bulk request (`parameters`), e.g. `pipeline`.
  public var parameters: [String: String] = [:]
  /// The proxy to go through (`proxy_url`); `nil`: connect directly.
  public var proxy: HTTPProxy?

  public static let defaultCompressionLevel = 1
  public static let defaultBulkMaxSize = 1600

  public init(
    hosts: [ElasticsearchHost], auth: ElasticsearchAuth = .none, tls: TLSClientConfig? = nil,
    compressionLevel: Int = defaultCompressionLevel, bulkMaxSize: Int = defaultBulkMaxSize,
    workers: Int = defaultWorkers,
    loadBalance: Bool = true, backoffInit: Duration = .seconds(1), backoffMax: Duration = .seconds(60),
    timeout: Duration = .seconds(90), idleConnectionTimeout: Duration = .seconds(3), maxRetries: Int? = nil,
    preset: ElasticsearchPreset = .custom, nonIndexablePolicy: NonIndexablePolicy = .drop
  ) {
    self.hosts = hosts
    self.auth = auth
    self.tls = tls
    self.compressionLevel = compressionLevel
    self.bulkMaxSize = bulkMaxSize
    self.workers = workers
    self.loadBalance = loadBalance
    self.backoffInit = backoffInit
    self.backoffMax = backoffMax
    self.timeout = timeout
    self.idleConnectionTimeout = idleConnectionTimeout
    self.maxRetries = maxRetries
    self.preset = preset
    self.nonIndexablePolicy = nonIndexablePolicy
  }
}
