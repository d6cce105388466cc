import Foundation
import KSPMCore
import Kubernetes
import TestSupport
import Testing

@testable import Beat

@Suite struct NodeIdentityTests {
  @Test func theNodeNameComesFromThePodsSpecWhenNODE_NAMEIsNotSet() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed([
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": "kspmbeat-x7k2p", "namespace": "default"],
        "spec": ["nodeName": "worker-7", "containers": [["name": "kspmbeat", "image": "kspmbeat"]]],
      ])
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let kubeconfig = folder.appendingPathComponent("kubeconfig").path
      try server.writeKubeconfig(to: kubeconfig)
      let configuration = try KubernetesClientConfiguration.automatic(kubeconfigPath: kubeconfig)
      try await KubernetesClient.withClient(configuration: configuration) { client in
        #expect(await client.podNodeName(pod: "kspmbeat-x7k2p") == "worker-7")
        #expect(await client.podNodeName(pod: "missing") == nil)
      }
    }
  }
}
