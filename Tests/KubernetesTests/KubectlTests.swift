import Foundation
import KSPMCore
import TestSupport
import Testing

/// The test server must satisfy a real, independent client: kubectl 1.32.
@Suite("kubectl against the test API server")
struct KubectlTests {
  static let kubectl = "/usr/bin/kubectl"

  /// Runs kubectl with a private HOME; returns its exit status, stdout and stderr.
  static func run(_ arguments: [String]) async throws -> ChildProcess.Result {
    try await ChildProcess.run(
      kubectl, arguments: arguments, environment: ["HOME": try makeTemporaryDirectory(), "PATH": "/usr/bin:/bin"],
      lowPriority: true)
  }

  @Test(
    "kubectl get pods -A -o json --chunk-size=2 lists every seeded pod; get --raw /version works",
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubectl), "kubectl is not installed"),
    .timeLimit(.minutes(1)))
  func kubectlListsPods() async throws {
    try await KubernetesAPIServer.withServer { server in
      var expected: Set<String> = []
      for index in 0..<7 {
        let namespace = ["default", "kube-system", "payments"][index % 3]
        try server.seed(pod("pod-\(index)", namespace: namespace))
        expected.insert("\(namespace)/pod-\(index)")
      }
      let directory = try makeTemporaryDirectory()
      let kubeconfig = directory + "/kubeconfig"
      try server.writeKubeconfig(to: kubeconfig)

      let get = try await Self.run([
        "--kubeconfig", kubeconfig, "--cache-dir", directory + "/cache", "get", "pods", "-A", "-o", "json",
        "--chunk-size=2",
      ])
      #expect(get.status == 0, "kubectl failed: \(get.stderr)")
      let list = try JSONParser.parse(get.stdout)
      let items = list["items"]?.arrayValue ?? []
      let listed = Set(
        items.map {
          "\($0[path: "metadata", "namespace"]?.stringValue ?? "")/\($0[path: "metadata", "name"]?.stringValue ?? "")"
        })
      #expect(items.count == 7)
      #expect(listed == expected)

      // kubectl paged through the cluster-wide list with our continue tokens.
      let pages = server.requests.to("/api/v1/pods")
      #expect(pages.count == 4)
      #expect(pages.allSatisfy { $0.query["limit"] == "2" && $0.status == 200 && $0.hasAuthorizationHeader })
      #expect(pages.dropFirst().allSatisfy { $0.query["continue"] != nil })
      // It asked for aggregated discovery and accepted the plain APIGroupList fallback.
      let discovery = try #require(server.requests.first { $0.path == "/apis" })
      #expect(discovery.accept?.contains("as=APIGroupDiscoveryList") == true)
      #expect(discovery.status == 200)
      #expect(server.requests.allSatisfy { $0.userAgent?.hasPrefix("kubectl") == true })

      // Discovery as kubectl reads it: the served resources, and no PodSecurityPolicy.
      let resources = try await Self.run([
        "--kubeconfig", kubeconfig, "--cache-dir", directory + "/cache2", "api-resources", "-o", "name",
      ])
      #expect(resources.status == 0, "kubectl failed: \(resources.stderr)")
      let names = Set(resources.stdout.split(separator: "\n").map(String.init))
      #expect(
        names.isSuperset(of: [
          "pods", "nodes", "namespaces", "serviceaccounts", "clusterroles.rbac.authorization.k8s.io",
          "rolebindings.rbac.authorization.k8s.io", "networkpolicies.networking.k8s.io",
          "leases.coordination.k8s.io",
        ]))
      #expect(!names.contains { $0.hasPrefix("podsecuritypolicies") })

      let version = try await Self.run(["--kubeconfig", kubeconfig, "get", "--raw", "/version"])
      #expect(version.status == 0, "kubectl failed: \(version.stderr)")
      #expect(try JSONParser.parse(version.stdout)["gitVersion"]?.stringValue == server.options.gitVersion)
    }
  }
}
