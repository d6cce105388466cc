/// One Elasticsearch node URL from `output.elasticsearch.hosts`, resolved the way libbeat does.
///
/// A host is a URL (`https://es:9200/prefix`) or `host[:port]` (`es`, `10.0.0.1:9201`, `[::1]:9200`);
/// the scheme defaults to `protocol`, the port to 9200, the path to `path`. Credentials in the URL
/// (`user:pass@`) are refused: set `username`/`password` instead, so a password never rides in a URL.
public struct ElasticsearchHost: Sendable, Hashable, CustomStringConvertible {
  /// `http` or `https`.
  public var scheme: String
  /// Host name or IP address; IPv6 without brackets.
  public var host: String
  public var port: Int
  /// Path prefix for every request, `""` or `/prefix` (no trailing slash).
  public var path: String

  public static let defaultPort = 9200

  public init(scheme: String, host: String, port: Int = defaultPort, path: String = "") {
    self.scheme = scheme
    self.host = host
    self.port = port
    self.path = path
  }

  /// The base URL requests are made under, e.g. `https://es:9200/prefix`.
  public var url: String {
    let shownHost = host.contains(":") ? "[\(host)]" : host
    return "\(scheme)://\(shownHost):\(port)\(path)"
  }

  public var description: String { url }
}
