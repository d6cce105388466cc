import Foundation
import HTTPTransport
import KSPMCore
import Kubernetes
import TestSupport
import Testing

@Suite("kubeconfig proxy-url")
struct ProxyTests {
  /// The server's kubeconfig with `proxy-url` on its cluster.
  func configuration(_ server: KubernetesAPIServer, proxyURL: String) throws -> KubernetesClientConfiguration {
    let text = server.kubeconfig().replacingOccurrences(
      of: "    server: \(server.url)\n", with: "    server: \(server.url)\n    proxy-url: \(proxyURL)\n")
    return try Kubeconfig.parse(text, file: "/home/me/.kube/config").configuration()
  }

  @Test("every request goes through the HTTP CONNECT proxy, with the URL's credentials")
  func connectProxy() async throws {
    let authorization = "Basic " + Data("svc:p@ss".utf8).base64EncodedString()
    let proxy = try await ConnectProxyServer.start(requiredAuthorization: authorization)
    try await KubernetesAPIServer.withServer { server in
      let config = try configuration(server, proxyURL: "http://svc:p%40ss@127.0.0.1:\(proxy.port)")
      #expect(
        config.proxy == HTTPProxy(host: "127.0.0.1", port: proxy.port, username: "svc", password: ConfigSecret("p@ss")))
      #expect(!"\(config)".contains("p@ss"))
      let version = try await KubernetesClient.withClient(configuration: config) { try await $0.serverVersion() }
      #expect(version.gitVersion == server.options.gitVersion)
      #expect(!proxy.tunnels.isEmpty)
      #expect(proxy.tunnels.allSatisfy { $0.target == "127.0.0.1:\(server.port)" && $0.status == 200 })
      #expect(!server.requests.isEmpty)
    }
    await proxy.shutdown()
  }

  @Test("a proxy that refuses the credentials is a transport error that says so")
  func refusedCredentials() async throws {
    let proxy = try await ConnectProxyServer.start(requiredAuthorization: "Basic c3ZjOnAwd2Q=")
    try await KubernetesAPIServer.withServer { server in
      let config = try configuration(server, proxyURL: "http://svc:wrong@127.0.0.1:\(proxy.port)")
      let error = await #expect(throws: KubernetesClientError.self) {
        try await KubernetesClient.withClient(configuration: config) { _ = try await $0.serverVersion() }
      }
      #expect(error?.isUnreachable == true)
      #expect("\(String(describing: error))".contains("the proxy refused the credentials in proxy-url (407)"))
      #expect(!"\(String(describing: error))".contains("wrong"))
      #expect(proxy.tunnels.first?.status == 407)
      #expect(server.requests.isEmpty)
    }
    await proxy.shutdown()
  }

  /// A kubeconfig whose cluster `c` has `proxy-url: url`.
  static func kubeconfig(proxyURL url: String) -> String {
    """
    clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443", proxy-url: "\(url)"}}]
    users: [{name: u, user: {token: t}}]
    contexts: [{name: x, context: {cluster: c, user: u}}]
    current-context: x
    """
  }

  @Test("socks5:// and default ports are read; https:// proxies are refused without repeating the URL")
  func forms() throws {
    let socks = try Kubeconfig.parse(Self.kubeconfig(proxyURL: "socks5://10.0.0.1"), file: "/k").configuration()
    #expect(socks.proxy == HTTPProxy(kind: .socks5, host: "10.0.0.1", port: 1080))
    #expect("\(socks)".contains("socks5 proxy 10.0.0.1:1080"))
    let http = try Kubeconfig.parse(Self.kubeconfig(proxyURL: "http://proxy.corp"), file: "/k").configuration()
    #expect(http.proxy == HTTPProxy(host: "proxy.corp", port: 80))
    let error = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.parse(Self.kubeconfig(proxyURL: "https://u:hunter2@proxy.corp:8443"), file: "/k").configuration()
    }
    #expect(
      error?.message.hasPrefix("kubeconfig /k: cluster \"c\": proxy-url: https:// proxies are not supported") == true,
      "\(String(describing: error))")
    #expect(error?.message.contains("hunter2") == false)
  }
}
