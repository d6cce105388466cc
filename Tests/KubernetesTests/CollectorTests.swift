import Foundation
import KSPMCore
import Kubernetes
import TestSupport
import Testing

@Suite("kube-api collector")
struct CollectorTests {
  static let kindsWithPSP: [KubernetesKind] = [.podSecurityPolicy, .pod, .node, .clusterRole, .namespace]

  @Test("a kind the server does not serve (PodSecurityPolicy on 1.25+) is skipped with a warning; the rest is listed")
  func skipsUnservedKind() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<7).map { pod("p\($0)", namespace: "default") })
      try server.seed([node("node-1"), node("node-2"), clusterRole("admin")])
      let diagnostics = RecordingDiagnostics()
      let sink = ResourceSink()
      try await withClient(server) { client in
        let collector = KubernetesCollector(client: client, kinds: Self.kindsWithPSP, pageSize: 3)
        #expect(collector.name == "kube-api")
        #expect(collector.scope == .cluster)
        try await collector.collect(diagnostics: diagnostics) { sink.add($0) }
      }
      let byKind = Dictionary(grouping: sink.resources, by: \.subType)
      #expect(byKind["Pod"]?.count == 7)
      #expect(byKind["Node"]?.count == 2)
      #expect(byKind["ClusterRole"]?.count == 1)
      #expect(byKind["Namespace"]?.count == 3)
      #expect(byKind["PodSecurityPolicy"] == nil)
      // Pages are emitted as they come: 7 pods with limit 3 are three pages.
      #expect(sink.pages.filter { $0.first?.subType == "Pod" }.map(\.count) == [3, 3, 1])
      let first = try #require(byKind["Pod"]?.first)
      #expect(first.type == .kubernetesObject)
      #expect(first.scope == .cluster)
      #expect(first.kubernetesObject?.apiVersion == "v1")
      #expect(first.kubernetesObject?.namespace == "default")
      #expect(first.rawID == first.kubernetesObject?.uid)
      #expect(!first.rawID.isEmpty)

      #expect(diagnostics.warnings.count == 1)
      let warning = try #require(diagnostics.warnings.first)
      #expect(warning.subject == "PodSecurityPolicy")
      #expect(warning.message.contains("policy/v1beta1"))
      #expect(warning.message.contains("not served"))
      // Discovery said 404; the collector never tried to list PSPs.
      #expect(server.requests.to("/apis/policy/v1beta1").map(\.status) == [404])
      #expect(server.requests.to("/apis/policy/v1beta1/podsecuritypolicies").isEmpty)
      #expect(diagnostics.infos.contains("listed 7 Pod objects in 3 pages"))
    }
  }

  @Test("on a server that still serves PodSecurityPolicy, it is listed")
  func listsPSPWhenServed() async throws {
    var options = KubernetesAPIServer.Options(gitVersion: "v1.24.17")
    options.resources.append(.podSecurityPolicies)
    try await KubernetesAPIServer.withServer(options) { server in
      try server.seed([
        "apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy", "metadata": ["name": "restricted"],
        "spec": ["privileged": false],
      ])
      let diagnostics = RecordingDiagnostics()
      let sink = ResourceSink()
      try await withClient(server) { client in
        try await KubernetesCollector(client: client, kinds: [.podSecurityPolicy]).collect(diagnostics: diagnostics) {
          sink.add($0)
        }
      }
      #expect(sink.resources.map(\.name) == ["restricted"])
      #expect(sink.resources.first?.kubernetesObject?.object["kind"] == "PodSecurityPolicy")
      #expect(sink.resources.first?.kubernetesObject?.object["apiVersion"] == "policy/v1beta1")
      #expect(diagnostics.warnings.isEmpty)
    }
  }

  @Test("a 403 on one kind and a 500 on another are warnings naming the kind; other kinds continue")
  func perKindErrors() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<4).map { pod("p\($0)", namespace: "kube-system") })
      try server.seed([clusterRole("a"), node("n")])
      server.forbid(resource: "clusterroles")
      server.injectFault(
        .status(code: 500, reason: "InternalError", message: "etcd unavailable"), pathPrefix: "/api/v1/nodes")
      let diagnostics = RecordingDiagnostics()
      let sink = ResourceSink()
      try await withClient(server) { client in
        try await KubernetesCollector(client: client, kinds: [.clusterRole, .node, .pod]).collect(
          diagnostics: diagnostics
        ) { sink.add($0) }
      }
      #expect(sink.resources.map(\.subType) == ["Pod", "Pod", "Pod", "Pod"])
      let warnings = Dictionary(uniqueKeysWithValues: diagnostics.warnings.map { ($0.subject, $0.message) })
      #expect(warnings.count == 2)
      #expect(warnings["ClusterRole"]?.contains("403 Forbidden") == true)
      #expect(warnings["ClusterRole"]?.contains("cannot list resource \"clusterroles\"") == true)
      #expect(warnings["Node"]?.contains("500 InternalError: etcd unavailable") == true)
    }
  }

  @Test("lists are asked for gzip'd and read back whole")
  func gzipResponses() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<150).map { pod("p\($0)", namespace: "default", labels: ["app": "web-\($0)"]) })
      let diagnostics = RecordingDiagnostics()
      let sink = ResourceSink()
      try await withClient(server) { client in
        try await KubernetesCollector(client: client, kinds: [.pod]).collect(diagnostics: diagnostics) {
          sink.add($0)
        }
      }
      #expect(sink.resources.count == 150)
      #expect(Set(sink.resources.map(\.name)).count == 150)
      #expect(diagnostics.warnings.isEmpty)
      let lists = server.requests.filter { $0.path == "/api/v1/pods" }
      #expect(!lists.isEmpty)
      #expect(lists.allSatisfy { $0.acceptEncoding == "gzip" })
    }
  }

  @Test("a list that times out is a warning; the next kind is still listed")
  func perKindTimeout() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed([node("n1")])
      try server.seed(pod("p", namespace: "default"))
      server.injectFault(.delay(.seconds(10)), pathPrefix: "/api/v1/pods")
      let diagnostics = RecordingDiagnostics()
      let sink = ResourceSink()
      // Long enough for discovery on a loaded 2-core machine, far shorter than the delay.
      try await withClient(server, adjust: { $0.requestTimeout = .seconds(4) }) { client in
        try await KubernetesCollector(client: client, kinds: [.pod, .node]).collect(diagnostics: diagnostics) {
          sink.add($0)
        }
      }
      #expect(sink.resources.map(\.name) == ["n1"])
      #expect(diagnostics.warnings.map(\.subject) == ["Pod"])
      #expect(diagnostics.warnings.first?.message.contains("timed out") == true)
    }
  }

  @Test("an unreachable API server makes collect throw")
  func unreachable() async throws {
    let server = try await KubernetesAPIServer.start()
    let config = try configuration(for: server)
    await server.shutdown()
    let diagnostics = RecordingDiagnostics()
    let error = await #expect(throws: KubernetesClientError.self) {
      try await KubernetesClient.withClient(configuration: config) { client in
        try await KubernetesCollector(client: client, kinds: [.pod, .node, .namespace]).collect(
          diagnostics: diagnostics
        ) { _ in
          Issue.record("nothing should be emitted")
        }
      }
    }
    #expect(error?.isUnreachable == true)
  }

  @Test("an error thrown by emit ends the collection and is rethrown")
  func emitErrorPropagates() async throws {
    struct Stop: Error {}
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<5).map { pod("p\($0)", namespace: "default") })
      let diagnostics = RecordingDiagnostics()
      await #expect(throws: Stop.self) {
        try await withClient(server) { client in
          try await KubernetesCollector(client: client, kinds: [.pod, .node], pageSize: 2).collect(
            diagnostics: diagnostics
          ) { _ in throw Stop() }
        }
      }
      #expect(diagnostics.warnings.isEmpty)
      #expect(server.requests.to("/api/v1/pods").count == 1)
      #expect(server.requests.to("/api/v1/nodes").isEmpty)
    }
  }
}
