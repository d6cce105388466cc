import Foundation
import TestSupport
import Testing

/// The manifests as the real client reads them: `kubectl apply --dry-run=client` against the
/// Kubernetes API test server (a client-side dry run still asks the server which kinds exist and
/// whether each object is there; it creates nothing).
@Suite struct DeployKubectlTests {
  static let kubectl = "/usr/bin/kubectl"

  static let daemonSets = APIResourceDefinition(
    group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", namespaced: true, shortNames: ["ds"])
  static let secrets = APIResourceDefinition(
    group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)

  @Test(
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubectl), "kubectl is not installed"),
    .timeLimit(.minutes(1)))
  func kubectlAppliesEveryManifestInADryRun() async throws {
    var options = KubernetesAPIServer.Options()
    options.resources = APIResourceDefinition.standard + [Self.daemonSets, Self.secrets]
    try await KubernetesAPIServer.withServer(options) { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let kubeconfig = folder.appendingPathComponent("kubeconfig").path
      try server.writeKubeconfig(to: kubeconfig)
      let result = try await ChildProcess.run(
        Self.kubectl,
        arguments: [
          "--kubeconfig", kubeconfig, "--cache-dir", folder.appendingPathComponent("cache").path, "apply",
          "--dry-run=client", "--validate=false", "-f", DeployManifests.folder.path, "-o", "name",
        ],
        environment: ["HOME": folder.path, "PATH": "/usr/bin:/bin"], lowPriority: true)
      #expect(result.status == 0, "kubectl failed: \(result.stderr)")
      let names = Set(result.stdout.split(separator: "\n").map(String.init))
      #expect(
        names == [
          "serviceaccount/kspmbeat", "clusterrole.rbac.authorization.k8s.io/kspmbeat",
          "clusterrolebinding.rbac.authorization.k8s.io/kspmbeat", "role.rbac.authorization.k8s.io/kspmbeat",
          "rolebinding.rbac.authorization.k8s.io/kspmbeat", "secret/kspmbeat-elasticsearch",
          "configmap/kspmbeat-config", "daemonset.apps/kspmbeat",
        ])
      // Every object was looked up, and nothing was written.
      #expect(server.requests.contains { $0.path == "/apis/apps/v1/namespaces/kube-system/daemonsets/kspmbeat" })
      #expect(server.requests.allSatisfy { $0.method == "GET" })
    }
  }
}
