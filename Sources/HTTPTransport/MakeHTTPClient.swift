import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// An `HTTPClient` on the shared event loop group with `options`' TLS, proxy, timeouts and
/// policies. Shut it down when done.
///
/// - Throws: an error naming the TLS setting that cannot be used (a file that cannot be read, no
///   certificate, a key that is not one or that the passphrase does not decrypt).
public func makeHTTPClient(_ options: HTTPClientOptions) throws(HTTPClientConfigurationError) -> HTTPClient {
  var configuration = HTTPClient.Configuration(
    tlsConfiguration: try TLSClientConfig.nioConfiguration(options.tls),
    redirectConfiguration: options.redirects,
    timeout: .init(connect: timeAmount(options.connectTimeout)),
    proxy: options.proxy.map(asyncHTTPClientProxy),
    decompression: options.decompressionLimit.map { .enabled(limit: .size($0)) } ?? .disabled)
  if let idle = options.idleConnectionTimeout {
    configuration.connectionPool.idleTimeout = timeAmount(idle)
  }
  configuration.connectionPool.retryConnectionEstablishment = options.retryConnectionEstablishment
  return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

/// AsyncHTTPClient's form of a proxy: `CONNECT` with Basic credentials and extra headers, or SOCKS5.
private func asyncHTTPClientProxy(_ proxy: HTTPProxy) -> HTTPClient.Configuration.Proxy {
  switch proxy.kind {
  case .socks5:
    return .socksServer(host: proxy.host, port: proxy.port)
  case .http:
    var headers = HTTPHeaders()
    for (name, value) in proxy.headers.sorted(by: { $0.key < $1.key }) {
      headers.add(name: name, value: value)
    }
    return .server(
      host: proxy.host, port: proxy.port,
      authorization: proxy.username.map { .basic(username: $0, password: proxy.password?.value ?? "") },
      connectHeaders: headers)
  }
}

/// `duration` in NIO's unit, saturating instead of overflowing.
func timeAmount(_ duration: Duration) -> TimeAmount {
  let (seconds, attoseconds) = duration.components
  let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
  if overflow { return .nanoseconds(seconds < 0 ? .min : .max) }
  let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
  return .nanoseconds(overflow2 ? (seconds < 0 ? .min : .max) : total)
}
