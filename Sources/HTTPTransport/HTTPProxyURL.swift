import Foundation
import KSPMCore

extension HTTPProxy {
  /// Why a proxy URL was refused. The text never repeats the URL (it may hold a password).
  public enum InvalidURL: Error, Sendable, Equatable, CustomStringConvertible {
    case notAURL
    case httpsProxy
    case unsupportedScheme(String)
    case socksCredentials
    case pathQueryOrFragment

    public var description: String {
      switch self {
      case .notAURL: return "is not a URL like http://proxy.example.com:3128"
      case .httpsProxy:
        return "https:// proxies are not supported; use http:// (the tunnel through it to the server is still TLS)"
      case .unsupportedScheme(let scheme): return "scheme \"\(scheme)\" is not http or socks5"
      case .socksCredentials: return "SOCKS5 proxies with credentials are not supported"
      case .pathQueryOrFragment: return "must not have a path, query or fragment"
      }
    }
  }

  /// A proxy from `http://[user:password@]host[:port]` (port 80 by default; user and password
  /// percent-decoded) or `socks5://host[:port]` (port 1080 by default).
  public init(url text: String) throws(InvalidURL) {
    guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host,
      !host.isEmpty
    else {
      throw .notAURL
    }
    let kind: Kind
    switch scheme {
    case "http": kind = .http
    case "socks5": kind = .socks5
    case "https": throw .httpsProxy
    default: throw .unsupportedScheme(scheme)
    }
    if kind == .socks5, url.user != nil { throw .socksCredentials }
    guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
      throw .pathQueryOrFragment
    }
    self.init(
      kind: kind, host: host, port: url.port ?? (kind == .http ? 80 : 1080),
      username: url.user?.removingPercentEncoding,
      password: url.password?.removingPercentEncoding.map(ConfigSecret.init))
  }
}
