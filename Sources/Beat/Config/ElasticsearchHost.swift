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

  /// Resolves one `hosts` entry; the error is a reason that never repeats credentials.
  static func parse(_ text: String, defaultScheme: String, defaultPath: String) -> Result<ElasticsearchHost, HostError>
  {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { return .failure(HostError("must not be empty")) }
    var scheme = defaultScheme
    var rest = Substring(trimmed)
    if let separator = trimmed.range(of: "://") {
      scheme = trimmed[..<separator.lowerBound].lowercased()
      rest = trimmed[separator.upperBound...]
    }
    guard scheme == "http" || scheme == "https" else {
      return .failure(HostError("scheme \(ConfigSection.quote(scheme)) is not http or https"))
    }
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    let tail = rest[authorityEnd...]
    if authority.contains("@") {
      return .failure(HostError("credentials in a host URL are not supported; set username and password"))
    }
    if tail.contains("?") || tail.contains("#") {
      return .failure(HostError("\(ConfigSection.quote(trimmed)) must not have a query or fragment"))
    }
    var host = authority
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) has an unclosed '['"))
      }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if after.hasPrefix(":") {
        portText = after.dropFirst()
      } else if !after.isEmpty {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) is not a valid host"))
      }
    } else if let colon = authority.firstIndex(of: ":") {
      host = authority[..<colon]
      portText = authority[authority.index(after: colon)...]
      if portText?.contains(":") == true {
        return .failure(HostError("\(ConfigSection.quote(trimmed)): write an IPv6 address in brackets, [::1]:9200"))
      }
    }
    let validHost = host.allSatisfy { $0.isLetter || $0.isNumber || "-._:%".contains($0) }
    guard !host.isEmpty, validHost else {
      return .failure(HostError("\(ConfigSection.quote(trimmed)) is not a valid host"))
    }
    var port = defaultPort
    if let portText {
      guard let number = Int(portText), (1...65535).contains(number) else {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) has an invalid port"))
      }
      port = number
    }
    let path = tail.isEmpty || tail == "/" ? normalizedPath(defaultPath) : normalizedPath(String(tail))
    return .success(ElasticsearchHost(scheme: scheme, host: String(host), port: port, path: path))
  }

  /// `""`, or the path with one leading `/` and no trailing `/`.
  static func normalizedPath(_ path: String) -> String {
    var trimmed = Substring(path.trimmingSpaces)
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    return trimmed.isEmpty ? "" : "/" + trimmed
  }

  struct HostError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }
}
