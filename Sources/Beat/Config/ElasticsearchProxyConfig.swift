import Foundation
import KSPMCore
import Output

extension ElasticsearchProxy {
  static let keys: Set<String> = ["proxy_url", "proxy_disable", "proxy_headers"]

  /// `proxy_url` (`http://[user:password@]host[:port]` or `socks5://host[:port]`), `proxy_headers`,
  /// `proxy_disable`. Errors never repeat the URL (it may hold a password).
  static func read(_ section: ConfigSection) throws(ConfigError) -> ElasticsearchProxy? {
    if try section.bool("proxy_disable") == true { return nil }
    guard let text = try section.secret("proxy_url")?.value.trimmingSpaces, !text.isEmpty else { return nil }
    guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host,
      !host.isEmpty
    else {
      throw section.error("proxy_url", "is not a URL like http://proxy.example.com:3128")
    }
    let kind: Kind
    switch scheme {
    case "http": kind = .http
    case "socks5": kind = .socks5
    case "https":
      throw section.error(
        "proxy_url", "https:// proxies are not supported; use http:// (the tunnel to Elasticsearch is still TLS)")
    default:
      throw section.error("proxy_url", "scheme \(ConfigSection.quote(scheme)) is not http or socks5")
    }
    if kind == .socks5, url.user != nil {
      throw section.error("proxy_url", "SOCKS5 proxies with credentials are not supported")
    }
    guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
      throw section.error("proxy_url", "must not have a path, query or fragment")
    }
    var proxy = ElasticsearchProxy(
      kind: kind, host: host, port: url.port ?? (kind == .http ? 80 : 1080),
      username: url.user?.removingPercentEncoding,
      password: url.password?.removingPercentEncoding.map(ConfigSecret.init))
    if let headers = try section.section("proxy_headers") {
      for name in headers.object.keys {
        proxy.headers[name] = try headers.string(name) ?? ""
      }
    }
    return proxy
  }
}
