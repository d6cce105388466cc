import Foundation
import HTTPTransport
import KSPMCore
import Output
import Synchronization
import TestSupport
import Testing

@Suite struct ElasticsearchOutputConnectionTests {
  @Test(arguments: [
    (
      ElasticsearchBulkServer.Credential.basic(username: "elastic", password: "s3cret"),
      ElasticsearchAuth.basic(username: "elastic", password: ConfigSecret("s3cret")),
      "Basic ZWxhc3RpYzpzM2NyZXQ="
    ),
    (
      .apiKey(id: "VuaCfGcBCdbkQm-e5aOx", key: "ui2lp2axTNmsyakw9tvNnw"),
      .apiKey(id: "VuaCfGcBCdbkQm-e5aOx", key: ConfigSecret("ui2lp2axTNmsyakw9tvNnw")),
      "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
    ),
    (
      .bearer("AAEAAWVsYXN0aWMvZmxlZXQ"), .bearer(ConfigSecret("AAEAAWVsYXN0aWMvZmxlZXQ")),
      "Bearer AAEAAWVsYXN0aWMvZmxlZXQ"
    ),
  ])
  func authenticatesWithEachKindOfCredential(
    credential: ElasticsearchBulkServer.Credential, auth: ElasticsearchAuth, header: String
  ) async throws {
    var options = ElasticsearchBulkServer.Options()
    options.credentials = [credential]
    try await ElasticsearchBulkServer.withServer(options) { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.auth = auth }, index: findingsIndex, userAgent: "t",
        logger: LogCapture().logger)
      try await output.write((0..<5).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 5))
      #expect(server.requests.allSatisfy { $0.headers["authorization"] == header })
      try await output.close()
    }
  }

  @Test func wrongCredentialsDegradeHealthAndDeliveryResumesWhenTheyAreAccepted() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.credentials = [.basic(username: "elastic", password: "right")]
    try await ElasticsearchBulkServer.withServer(options) { server in
      let logs = LogCapture()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.auth = .basic(username: "elastic", password: ConfigSecret("wrong")) },
        index: findingsIndex, userAgent: "t", logger: logs.logger)
      let writing = Task { try await output.write((0..<5).map { findingDocument($0) }) }
      #expect(try await eventually(timeout: .seconds(10)) { output.health != .starting })
      guard case .degraded(let reason) = output.health else {
        Issue.record("expected degraded, got \(output.health)")
        writing.cancel()
        return
      }
      #expect(reason.contains("401 authentication failed"))
      #expect(server.storedCount(index: findingsIndex) == 0)
      // Secrets never reach the logs.
      #expect(!logs.all.contains { $0.contains("wrong") || $0.contains("ZWxhc3RpYzp3cm9uZw") })
      server.setCredentials([.basic(username: "elastic", password: "wrong")])
      try await writing.value
      #expect(storedExactlyOnce(server, count: 5))
      #expect(output.health == .healthy)
      try await output.close()
    }
  }

  @Test func tlsWithTheTestCAAndFullVerification() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.tls = true
    try await ElasticsearchBulkServer.withServer(options) { server in
      let caFile = FileManager.default.temporaryDirectory.appendingPathComponent("es-ca-\(UUID().uuidString).pem")
      try Data(try #require(server.caCertificatePEM).utf8).write(to: caFile)
      defer { try? FileManager.default.removeItem(at: caFile) }
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.tls = TLSClientConfig(certificateAuthorities: [.file(caFile.path)], verificationMode: .full)
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      try await output.write((0..<10).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 10))
      try await output.close()
    }
  }

  @Test func anUntrustedServerCertificateIsRefusedWithAHint() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.tls = true
    try await ElasticsearchBulkServer.withServer(options) { server in
      // Another CA than the one that signed the server's certificate.
      let stranger = try TestCertificateAuthority(commonName: "someone else")
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.tls = TLSClientConfig(certificateAuthorities: [.inline(stranger.certificatePEM)])
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      let writing = Task { try await output.write([findingDocument(0)]) }
      // Generous: CPU-bound suites running beside this one can hold the concurrency pool for seconds.
      #expect(try await eventually(timeout: .seconds(30)) { output.health != .starting })
      #expect(output.health.description.contains("not trusted"))
      #expect(server.bulkRequests.isEmpty)
      writing.cancel()
      let error = await #expect(throws: UnfinishedWrite.self) { try await writing.value }
      #expect(error?.remaining.count == 1)
      #expect(output.deliveryStatistics?.pending == 0)
      try await output.close()
    }
  }

  @Test func mutualTLSWithAClientCertificate() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.tls = true
    options.requireClientCertificate = true
    try await ElasticsearchBulkServer.withServer(options) { server in
      let client = try server.issueClientCertificate(commonName: "kspmbeat")
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.tls = TLSClientConfig(
            certificateAuthorities: [.inline(try! #require(server.caCertificatePEM))],
            certificate: .inline(client.certificatePEM), key: .inline(client.privateKeyPEM))
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      try await output.write((0..<3).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 3))
      #expect(server.bulkRequests.first?.clientCertificateCommonName == "kspmbeat")
      try await output.close()
    }
  }

  @Test func aPathPrefixIsPutInFrontOfEveryRequest() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.pathPrefix = "/es"
    try await ElasticsearchBulkServer.withServer(options) { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.hosts[0].path = "/es" }, index: findingsIndex, userAgent: "t",
        logger: LogCapture().logger)
      try await output.write((0..<4).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 4))
      #expect(server.requests.map(\.path) == ["/es/", "/es/_bulk"])
      try await output.close()
    }
  }

  @Test func configuredHeadersAndParametersAreSent() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.headers = ["X-Team": ConfigSecret("security"), "User-Agent": ConfigSecret("custom-agent")]
          $0.parameters = ["refresh": "wait_for", "routing": "a&b"]
        }, index: findingsIndex, userAgent: "kspmbeat/t", logger: LogCapture().logger)
      try await output.write((0..<3).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 3))
      let request = try #require(server.bulkRequests.first)
      #expect(request.headers["x-team"] == "security")
      #expect(request.headers.values("user-agent") == ["custom-agent"], "the user's header replaces ours")
      #expect(request.queryValue("refresh") == "wait_for")
      #expect(request.queryValue("routing") == "a&b")
      #expect(request.queryValue("filter_path") == "errors,items.*.error,items.*.status")
      try await output.close()
    }
  }

  @Test func uncompressedBodiesWhenCompressionIsOff() async throws {
    try await ElasticsearchBulkServer.withServer { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) { $0.compressionLevel = 0 }, index: findingsIndex, userAgent: "t",
        logger: LogCapture().logger)
      try await output.write((0..<4).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 4))
      let request = try #require(server.bulkRequests.first)
      #expect(request.headers["content-encoding"] == nil)
      #expect(request.wireBytes == request.bodyBytes)
      try await output.close()
    }
  }

  @Test(arguments: [false, true])
  func findingsGoThroughAConnectProxy(tls: Bool) async throws {
    var options = ElasticsearchBulkServer.Options()
    options.tls = tls
    let proxy = try await ConnectProxyServer.start(requiredAuthorization: "Basic c3ZjOnAwd2Q=")
    try await ElasticsearchBulkServer.withServer(options) { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.proxy = HTTPProxy(
            host: "127.0.0.1", port: proxy.port, username: "svc", password: ConfigSecret("p0wd"),
            headers: ["X-Client": "kspmbeat"])
          if tls { $0.tls = TLSClientConfig(certificateAuthorities: [.inline(try! #require(server.caCertificatePEM))]) }
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      try await output.write((0..<20).map { findingDocument($0) })
      #expect(storedExactlyOnce(server, count: 20))
      #expect(!proxy.tunnels.isEmpty)
      #expect(proxy.tunnels.allSatisfy { $0.target == "127.0.0.1:\(server.port)" && $0.status == 200 })
      try await output.close()
    }
    await proxy.shutdown()
  }

  @Test func aProxyThatRefusesTheCredentialsDegradesHealth() async throws {
    let proxy = try await ConnectProxyServer.start(requiredAuthorization: "Basic c3ZjOnAwd2Q=")
    try await ElasticsearchBulkServer.withServer { server in
      let output = try ElasticsearchOutput(
        config: testOutputConfig(server) {
          $0.proxy = HTTPProxy(
            host: "127.0.0.1", port: proxy.port, username: "svc", password: ConfigSecret("no"))
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      let writing = Task { try await output.write([findingDocument(0)]) }
      #expect(try await eventually(timeout: .seconds(10)) { output.health != .starting })
      #expect(
        output.health.description.contains("the proxy refused the credentials in proxy_url (407)"), "\(output.health)")
      #expect(proxy.tunnels.first?.status == 407)
      #expect(server.bulkRequests.isEmpty)
      writing.cancel()
      _ = try? await writing.value
      try await output.close()
    }
    await proxy.shutdown()
  }

  @Test func anUnreadableCAFileIsAClearError() {
    #expect {
      _ = try ElasticsearchOutput(
        config: ElasticsearchOutputConfig(
          hosts: [ElasticsearchHost(scheme: "https", host: "es")],
          tls: TLSClientConfig(certificateAuthorities: [.file("/nonexistent/ca.pem")])),
        index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
    } throws: { error in
      "\(error)" == "ssl.certificate_authorities: cannot read /nonexistent/ca.pem"
    }
  }

  @Test func aDownHostFailsOverToTheNextOne() async throws {
    let down = try await ElasticsearchBulkServer.start()
    let up = try await ElasticsearchBulkServer.start()
    await down.goDown()
    for loadBalance in [true, false] {
      up.removeAllDocuments()
      let output = try ElasticsearchOutput(
        config: testOutputConfig(up) {
          $0.hosts.insert(ElasticsearchHost(scheme: "http", host: "127.0.0.1", port: down.port), at: 0)
          $0.loadBalance = loadBalance
        }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
      #expect(try await ship((0..<200).map { findingDocument($0) }, to: output, batchSize: 20, workers: 2) == 200)
      #expect(storedExactlyOnce(up, count: 200))
      #expect(output.deliveryStatistics?.dropped == 0)
      try await output.close()
    }
    await down.shutdown()
    await up.shutdown()
  }

  @Test func withoutLoadBalancingAllWorkersMoveToTheNextHostWhenOneFails() async throws {
    let first = try await ElasticsearchBulkServer.start()
    let second = try await ElasticsearchBulkServer.start()
    let output = try ElasticsearchOutput(
      config: testOutputConfig(first) {
        $0.hosts.append(ElasticsearchHost(scheme: "http", host: "127.0.0.1", port: second.port))
        $0.loadBalance = false
      }, index: findingsIndex, userAgent: "t", logger: LogCapture().logger)
    try await output.write((0..<10).map { findingDocument($0) })
    let (active, other) = first.totalStoredCount == 10 ? (first, second) : (second, first)
    #expect(active.totalStoredCount == 10 && other.totalStoredCount == 0, "one host at a time")
    await active.goDown()
    try await output.write((10..<20).map { findingDocument($0) })
    #expect(other.totalStoredCount == 10)
    #expect(Set(active.storedIDs(index: findingsIndex) + other.storedIDs(index: findingsIndex)).count == 20)
    try await output.close()
    await first.shutdown()
    await second.shutdown()
  }
}
