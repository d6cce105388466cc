/// libbeat's `http.*` settings: whether the monitoring endpoint runs, and where.
public struct MonitoringSettings: Sendable, Equatable {
  public static let defaultHost = "localhost"
  public static let defaultPort = 5066

  /// `http.enabled` (default false).
  public var enabled: Bool
  /// `http.host` and `http.port` (default `localhost:5066`).
  public var endpoint: MonitoringEndpoint

  public init(enabled: Bool = false, endpoint: MonitoringEndpoint = .tcp(host: defaultHost, port: defaultPort)) {
    self.enabled = enabled
    self.endpoint = endpoint
  }
}
