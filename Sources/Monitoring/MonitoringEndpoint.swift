import Foundation

/// Where the monitoring endpoint listens: a TCP host and port, or a Unix socket (libbeat's
/// `http.host: unix:///path/to.sock`, which the Elastic Agent uses).
public enum MonitoringEndpoint: Sendable, Equatable, CustomStringConvertible {
  case tcp(host: String, port: Int)
  case unixSocket(path: String)

  /// The `unix://` prefix of a socket in `http.host`.
  public static let unixScheme = "unix://"
  /// `sun_path` holds 108 bytes, the terminating NUL included.
  public static let maximumSocketPathBytes = 107

  /// The endpoint `http.host` and `http.port` name, or which of the two is wrong and why.
  ///
  /// `host` is a name or address (`localhost`, `0.0.0.0`, `::1` or `[::1]`) or `unix://` and an
  /// absolute socket path (the port, still checked, is then unused). `port` 0 asks for any free port.
  public static func parse(host: String, port: Int) throws(MonitoringSettingError) -> MonitoringEndpoint {
    guard (0...65535).contains(port) else {
      throw MonitoringSettingError(setting: "port", reason: "\(port) is not between 0 and 65535")
    }
    let text = host.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix(unixScheme) {
      let path = String(text.dropFirst(unixScheme.count))
      guard path.hasPrefix("/") else {
        throw MonitoringSettingError(setting: "host", reason: "\(quoted(host)): the socket path must be absolute")
      }
      guard path.utf8.count <= maximumSocketPathBytes else {
        throw MonitoringSettingError(
          setting: "host",
          reason: "\(quoted(host)): a Unix socket path has at most \(maximumSocketPathBytes) bytes")
      }
      return .unixSocket(path: path)
    }
    guard !text.isEmpty, !text.contains("/"), !text.contains(" ") else {
      throw MonitoringSettingError(
        setting: "host", reason: "\(quoted(host)) is not a host name, an address or unix:///path/to.sock")
    }
    var address = Substring(text)
    if address.hasPrefix("["), address.hasSuffix("]") { address = address.dropFirst().dropLast() }
    return .tcp(host: String(address), port: port)
  }

  /// `localhost:5066`, `[::1]:5066`, `unix:///run/kspmbeat.sock`.
  public var description: String {
    switch self {
    case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unixSocket(let path): Self.unixScheme + path
    }
  }

  /// The settings that chose this endpoint, as errors name them.
  public var settingsText: String {
    switch self {
    case .tcp(let host, let port): "http.host \(Self.quoted(host)), http.port \(port)"
    case .unixSocket(let path): "http.host \(Self.quoted(Self.unixScheme + path))"
    }
  }

  /// `text` in quotes for an error, cut when long (a hostile value must not flood the log).
  static func quoted(_ text: String) -> String {
    text.count > 300 ? "\"\(text.prefix(297))...\"" : "\"\(text)\""
  }
}

/// An `http.*` setting that cannot be used: which one (`host`, `port`) and why.
public struct MonitoringSettingError: Error, Sendable, Equatable {
  public var setting: String
  public var reason: String
}
