import HTTPTransport
import KSPMCore

extension HTTPProxy {
  static let keys: Set<String> = ["proxy_url", "proxy_disable", "proxy_headers"]

  /// `proxy_url` (`http://[user:password@]host[:port]` or `socks5://host[:port]`), `proxy_headers`,
  /// `proxy_disable`. Errors never repeat the URL (it may hold a password).
  static func read(_ section: ConfigSection) throws(ConfigError) -> HTTPProxy? {
    if try section.bool("proxy_disable") == true { return nil }
    guard let text = try section.secret("proxy_url")?.value.trimmingSpaces, !text.isEmpty else { return nil }
    var proxy: HTTPProxy
    do {
      proxy = try HTTPProxy(url: text)
    } catch {
      throw section.error("proxy_url", error.description)
    }
    if let headers = try section.section("proxy_headers") {
      for (name, text) in try headers.texts(secret: false) { proxy.headers[name] = text ?? "" }
    }
    return proxy
  }
}
