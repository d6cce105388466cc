import Foundation
import HTTPTransport
import KSPMCore
import TestSupport
import Testing

/// Proxies: URLs into values, and requests through a real `CONNECT` proxy.
@Suite struct ProxyTests {
  @Test func requestsGoThroughAConnectProxyWithCredentials() async throws {
    let proxyServer = try await ConnectProxyServer.start(requiredAuthorization: "Basic c3ZjOnAwd2Q=")
    try await ElasticsearchBulkServer.withServer(tlsServerOptions()) { server in
      let proxy = HTTPProxy(
        host: "127.0.0.1", port: proxyServer.port, username: "svc", password: ConfigSecret("p0wd"),
        headers: ["X-Client": "kspmbeat"])
      let tls = TLSClientConfig(certificateAuthorities: [.inline(try #require(server.caCertificatePEM))])
      #expect(try await getStatus(server.url + "/", tls: tls, proxy: proxy).get() == 200)
      #expect(proxyServer.tunnels.map(\.target) == ["127.0.0.1:\(server.port)"])
      #expect(proxyServer.tunnels.first?.status == 200)
    }
    await proxyServer.shutdown()
  }

  @Test func wrongProxyCredentialsFailTheRequest() async throws {
    let proxyServer = try await ConnectProxyServer.start(requiredAuthorization: "Basic c3ZjOnAwd2Q=")
    try await ElasticsearchBulkServer.withServer { server in
      let proxy = HTTPProxy(host: "127.0.0.1", port: proxyServer.port, username: "svc", password: ConfigSecret("no"))
      let result = try await getStatus(server.url + "/", tls: nil, proxy: proxy)
      #expect(result.failureText.contains("proxyAuthenticationRequired"), "\(result)")
      #expect(proxyServer.tunnels.first?.status == 407)
      #expect(server.requests.isEmpty)
    }
    await proxyServer.shutdown()
  }

  @Test func proxyURLs() throws {
    #expect(
      try HTTPProxy(url: "http://svc:p%40ss@proxy.corp:3128")
        == HTTPProxy(host: "proxy.corp", port: 3128, username: "svc", password: ConfigSecret("p@ss")))
    #expect(try HTTPProxy(url: "HTTP://proxy.corp/") == HTTPProxy(host: "proxy.corp", port: 80))
    #expect(try HTTPProxy(url: "socks5://10.0.0.1") == HTTPProxy(kind: .socks5, host: "10.0.0.1", port: 1080))
    #expect(try HTTPProxy(url: "socks5://10.0.0.1:9050").port == 9050)
  }

  @Test func refusedProxyURLsDoNotRepeatThePassword() {
    for (url, expected) in [
      ("https://u:hunter2@p:8443", HTTPProxy.InvalidURL.httpsProxy),
      ("ftp://u:hunter2@p", .unsupportedScheme("ftp")),
      ("socks5://u:hunter2@p", .socksCredentials),
      ("http://u:hunter2@p:3128/path", .pathQueryOrFragment),
      ("http://u:hunter2@p:3128?q=1", .pathQueryOrFragment),
      ("hunter2", .notAURL),
    ] {
      #expect(throws: expected) { try HTTPProxy(url: url) }
      #expect(!expected.description.contains("hunter2"))
    }
    #expect("\(HTTPProxy(host: "p", port: 1, password: ConfigSecret("hunter2")))".contains("hunter2") == false)
  }
}
