import Foundation
import KSPMCore
import Kubernetes
import Synchronization
import TestSupport
import Testing

@Suite("Kubernetes client: auth, TLS, errors, limits")
struct ClientTests {
  @Test("version and cluster id (kube-system uid); User-Agent and bearer token are sent")
  func versionAndClusterID() async throws {
    try await KubernetesAPIServer.withServer(.init(gitVersion: "v1.31.4")) { server in
      try await withClient(server) { client in
        let version = try await client.serverVersion()
        #expect(version.gitVersion == "v1.31.4")
        #expect(version.major == "1")
        #expect(version.minor == "31")
        #expect(try await client.clusterID() == server.kubeSystemUID)
      }
      let requests = server.requests
      #expect(requests.map(\.path) == ["/version", "/api/v1/namespaces/kube-system"])
      #expect(requests.allSatisfy { $0.hasAuthorizationHeader && $0.user != nil && $0.status == 200 })
      #expect(requests.allSatisfy { $0.userAgent == KubernetesClientConfiguration.defaultUserAgent })
      #expect(KubernetesClientConfiguration.defaultUserAgent.hasPrefix("kspmbeat/"))
    }
  }

  @Test("a rotated token gives 401; the token file is read again and the request retried once")
  func tokenRotation() async throws {
    try await KubernetesAPIServer.withServer(.init(token: "token-one")) { server in
      let (directory, inCluster) = try serviceAccount(for: server, token: "token-one\n", namespace: "monitoring")
      var config = inCluster
      // Only the 401 can make the client read the file again within this test.
      config.tokenRefreshInterval = .seconds(3600)
      #expect(config.namespace == "monitoring")
      try await KubernetesClient.withClient(configuration: config) { client in
        _ = try await client.serverVersion()
        // The kubelet rotates the projected token; the API server stops accepting the old one.
        try write("token-two\n", to: directory + "/token")
        server.rotateToken(to: "token-two")
        _ = try await client.serverVersion()
      }
      #expect(server.requests.map(\.status) == [200, 401, 200])
    }
  }

  /// A service-account directory (CA and token file) for `server`, and the in-cluster configuration
  /// that reads it.
  func serviceAccount(
    for server: KubernetesAPIServer, token: String, namespace: String? = nil
  ) throws -> (directory: String, configuration: KubernetesClientConfiguration) {
    let directory = try makeTemporaryDirectory()
    try server.writeCACertificate(to: directory + "/ca.crt")
    try write(token, to: directory + "/token")
    if let namespace { try write(namespace, to: directory + "/namespace") }
    let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(server.port)]
    return (
      directory,
      try KubernetesClientConfiguration.inCluster(environment: environment, serviceAccountDirectory: directory)
    )
  }

  @Test("the token file is re-read when the refresh interval has passed, without waiting for a 401")
  func periodicTokenRefresh() async throws {
    try await KubernetesAPIServer.withServer(.init(token: "first")) { server in
      let (directory, inCluster) = try serviceAccount(for: server, token: "first")
      var config = inCluster
      #expect(config.tokenRefreshInterval == .seconds(60))
      config.tokenRefreshInterval = .milliseconds(500)
      try await KubernetesClient.withClient(configuration: config) { client in
        _ = try await client.serverVersion()
        try write("second", to: directory + "/token")
        server.rotateToken(to: "second")
        try await Task.sleep(for: .milliseconds(600))
        _ = try await client.serverVersion()
      }
      // No 401 in between: the new token was picked up because the interval had passed.
      #expect(server.requests.map(\.status) == [200, 200])
    }
  }

  @Test("within the refresh interval the cached token is used")
  func tokenCachedWithinInterval() async throws {
    try await KubernetesAPIServer.withServer(.init(token: "first")) { server in
      let (directory, inCluster) = try serviceAccount(for: server, token: "first")
      var config = inCluster
      config.tokenRefreshInterval = .seconds(3600)
      try await KubernetesClient.withClient(configuration: config) { client in
        _ = try await client.serverVersion()
        try write("second", to: directory + "/token")
        // The server still accepts only "first": this succeeds only if the cached token is sent.
        _ = try await client.serverVersion()
      }
      #expect(server.requests.map(\.status) == [200, 200])
    }
  }

  @Test("kubeconfig impersonation (as) is sent as Impersonate-User")
  func impersonation() async throws {
    try await KubernetesAPIServer.withServer { server in
      _ = try await withClient(server, adjust: { $0.impersonateUser = "system:serviceaccount:kspm:reader" }) {
        try await $0.serverVersion()
      }
      #expect(server.requests.first?.impersonateUser == "system:serviceaccount:kspm:reader")
    }
  }

  @Test("a static kubeconfig token that the server rejects is a 401 error, not retried")
  func staticTokenRejected() async throws {
    try await KubernetesAPIServer.withServer { server in
      try await withClient(server) { client in
        server.rotateToken(to: "something-else")
        let error = await #expect(throws: KubernetesClientError.self) { _ = try await client.serverVersion() }
        #expect(error?.statusCode == 401)
        #expect(error?.statusReason == "Unauthorized")
        #expect(error.map { "\($0)" }?.contains(server.token) == false)
      }
      #expect(server.requests.count == 1)
    }
  }

  @Test("tokenFile in a kubeconfig is re-read after a 401 too")
  func kubeconfigTokenFile() async throws {
    try await KubernetesAPIServer.withServer(.init(token: "file-token-1")) { server in
      let directory = try makeTemporaryDirectory()
      try write("file-token-1", to: directory + "/token")
      try server.writeKubeconfig(to: directory + "/config", credentials: .tokenFile("token"))
      let config = try Kubeconfig.load(path: directory + "/config").configuration()
      #expect(config.bearerToken == .file(path: directory + "/token"))
      try await KubernetesClient.withClient(configuration: config) { client in
        _ = try await client.clusterID()
        try write("file-token-2", to: directory + "/token")
        server.rotateToken(to: "file-token-2")
        #expect(try await client.clusterID() == server.kubeSystemUID)
      }
      #expect(server.requests.map(\.status) == [200, 401, 200])
    }
  }

  @Test("a server certificate from an untrusted CA fails with a clear TLS error")
  func untrustedCA() async throws {
    try await KubernetesAPIServer.withServer { server in
      let otherCA = try TestCertificateAuthority(commonName: "some other CA")
      let config = try configuration(for: server, trust: .otherCA(otherCA.certificatePEM))
      let started = ContinuousClock.now
      let error = await #expect(throws: KubernetesClientError.self) {
        try await KubernetesClient.withClient(configuration: config) { _ = try await $0.serverVersion() }
      }
      #expect(ContinuousClock.now - started < .seconds(15))  // fails fast, not after the 30 s request timeout
      guard case .transport(let url, let message)? = error else {
        Issue.record("expected a transport error, got \(String(describing: error))")
        return
      }
      #expect(url == server.url + "/version")
      #expect(message.contains("not trusted"))
      #expect(server.requests.isEmpty)
    }
  }

  @Test("insecure-skip-tls-verify connects without trusting the CA")
  func insecureSkipVerify() async throws {
    try await KubernetesAPIServer.withServer { server in
      let config = try configuration(for: server, trust: .insecureSkipVerify)
      #expect(config.insecureSkipTLSVerify)
      #expect(config.certificateAuthorityPEM == nil)
      let version = try await KubernetesClient.withClient(configuration: config) { try await $0.serverVersion() }
      #expect(version.gitVersion == server.options.gitVersion)
    }
  }

  @Test("the system trust store does not trust the test CA")
  func systemTrustStoreRejects() async throws {
    try await KubernetesAPIServer.withServer { server in
      let config = try configuration(for: server, trust: .system)
      let error = await #expect(throws: KubernetesClientError.self) {
        try await KubernetesClient.withClient(configuration: config) { _ = try await $0.serverVersion() }
      }
      #expect(error?.isUnreachable == true)
    }
  }

  @Test("a client certificate signed by the cluster CA authenticates as its common name")
  func clientCertificate() async throws {
    try await KubernetesAPIServer.withServer { server in
      let credential = try server.issueClientCertificate(commonName: "kspm-admin", organization: "system:masters")
      let config = try configuration(for: server, credentials: .clientCertificate(credential))
      #expect(config.bearerToken == nil)
      #expect(config.clientCertificate != nil)
      #expect(!"\(config)".contains("PRIVATE KEY"))
      let id = try await KubernetesClient.withClient(configuration: config) { try await $0.clusterID() }
      #expect(id == server.kubeSystemUID)
      #expect(server.requests.first?.user == "kspm-admin")
      #expect(server.requests.first?.hasAuthorizationHeader == false)
    }
  }

  @Test("a refused connection fails quickly with a transport error naming the URL")
  func connectionRefused() async throws {
    let server = try await KubernetesAPIServer.start()
    let config = try configuration(for: server)
    await server.shutdown()
    let started = ContinuousClock.now
    let error = await #expect(throws: KubernetesClientError.self) {
      try await KubernetesClient.withClient(configuration: config) { _ = try await $0.serverVersion() }
    }
    #expect(ContinuousClock.now - started < .seconds(15))  // fails fast, not after the 30 s request timeout
    guard case .transport(let url, let message)? = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(url == "\(server.url)/version")
    #expect(message.lowercased().contains("refused"))
    #expect("\(error!)".contains("cannot reach the Kubernetes API at \(server.url)/version"))
  }

  @Test("a response slower than the request timeout is a timeout error, promptly")
  func requestTimeout() async throws {
    try await KubernetesAPIServer.withServer { server in
      server.setResponseDelay(.seconds(30))
      let elapsed = Mutex<Duration>(.zero)
      let error = await #expect(throws: KubernetesClientError.self) {
        try await withClient(server, adjust: { $0.requestTimeout = .milliseconds(500) }) { client in
          let started = ContinuousClock.now
          defer { elapsed.withLock { $0 = ContinuousClock.now - started } }
          _ = try await client.serverVersion()
        }
      }
      // The client gives up after its own timeout, well before the server's 30 s answer.
      #expect(elapsed.withLock { $0 } >= .milliseconds(450))
      #expect(elapsed.withLock { $0 } < .seconds(15))
      guard case .timeout(let url, let seconds)? = error else {
        Issue.record("expected a timeout, got \(String(describing: error))")
        return
      }
      #expect(url == server.url + "/version")
      #expect(seconds == 0.5)
      #expect("\(error!)" == "Kubernetes API request \(server.url)/version timed out after 0.5 s")
    }
  }

  @Test("a connection closed without an answer, and a 500, are distinct errors")
  func injectedFaults() async throws {
    try await KubernetesAPIServer.withServer { server in
      try await withClient(server) { client in
        server.injectFault(.closeConnection)
        let closed = await #expect(throws: KubernetesClientError.self) { _ = try await client.serverVersion() }
        #expect(closed?.isUnreachable == true)
        #expect(closed?.statusCode == nil)

        server.injectFault(.status(code: 500, reason: "InternalError", message: "etcdserver: leader changed"))
        let failed = await #expect(throws: KubernetesClientError.self) { _ = try await client.serverVersion() }
        guard case .status(500, "InternalError", "etcdserver: leader changed", let url)? = failed else {
          Issue.record("expected a 500 status, got \(String(describing: failed))")
          return
        }
        #expect(url == "GET \(server.url)/version")
        // Faults are used up: the next request works.
        let after = try await client.serverVersion()
        #expect(after.gitVersion == server.options.gitVersion)
      }
    }
  }

  @Test("the QPS limiter spaces requests after the burst")
  func rateLimit() async throws {
    try await KubernetesAPIServer.withServer { server in
      let limited = try await withClient(
        server,
        adjust: {
          $0.qps = 5; $0.burst = 1
        }
      ) { client in
        let started = ContinuousClock.now
        for _ in 0..<6 { _ = try await client.serverVersion() }
        return ContinuousClock.now - started
      }
      // 1 at once, then 5 more at 5 per second: at least one second (the upper bound only catches
      // a limiter that throttles far too hard; a loaded 2-core machine adds seconds of its own).
      #expect(limited >= .milliseconds(950))
      #expect(limited < .seconds(15))

      let unlimited = try await withClient(
        server,
        adjust: {
          $0.qps = 5; $0.burst = 10
        }
      ) { client in
        let started = ContinuousClock.now
        for _ in 0..<6 { _ = try await client.serverVersion() }
        return ContinuousClock.now - started
      }
      // The same requests with a burst of 10 were never held by the limiter (its waits are checked
      // in "the token bucket…" below: wall time here says nothing on a loaded machine).
      #expect(unlimited < .seconds(15))
      #expect(server.requests.count == 12)
    }
  }

  @Test("generic requests create and update objects; a stale resourceVersion is a 409 Conflict")
  func createAndUpdate() async throws {
    try await KubernetesAPIServer.withServer { server in
      try await withClient(server) { client in
        let path = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"
        let lease: JSONValue = [
          "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
          "metadata": ["name": "kspmbeat-cluster-leader", "namespace": "kube-system"],
          "spec": ["holderIdentity": "pod-a", "leaseDurationSeconds": 15],
        ]
        let created = try await client.request(.post, path: path, body: lease)
        #expect(created.status == 201)
        let version = created.body[path: "metadata", "resourceVersion"]?.stringValue ?? ""
        #expect(!version.isEmpty)

        let again = await #expect(throws: KubernetesClientError.self) {
          _ = try await client.request(.post, path: path, body: lease)
        }
        #expect(again?.statusCode == 409)
        #expect(again?.statusReason == "AlreadyExists")

        var update = created.body.objectValue!
        update["spec"] = ["holderIdentity": "pod-b", "leaseDurationSeconds": 15]
        let updated = try await client.request(.put, path: path + "/kspmbeat-cluster-leader", body: .object(update))
        #expect(updated.status == 200)
        #expect(updated.body[path: "spec", "holderIdentity"] == "pod-b")
        #expect(updated.body[path: "metadata", "resourceVersion"]?.stringValue != version)

        // `update` still carries the old resourceVersion.
        let conflict = await #expect(throws: KubernetesClientError.self) {
          _ = try await client.request(.put, path: path + "/kspmbeat-cluster-leader", body: .object(update))
        }
        #expect(conflict?.statusCode == 409)
        #expect(conflict?.statusReason == "Conflict")

        let fetched = try await client.request(path: path + "/kspmbeat-cluster-leader")
        #expect(fetched.body[path: "spec", "holderIdentity"] == "pod-b")
      }
    }
  }

  @Test("plain HTTP works when the server has no TLS")
  func plainHTTP() async throws {
    try await KubernetesAPIServer.withServer(.init(tls: false)) { server in
      #expect(server.url.hasPrefix("http://"))
      #expect(server.caCertificatePEM == nil)
      let version = try await withClient(server) { try await $0.serverVersion() }
      #expect(version.gitVersion == server.options.gitVersion)
    }
  }
}
