import KSPMCore
import Kubernetes

/// What a scan learns about the cluster before collecting: its id, version, name and this node.
struct ClusterFacts: Sendable {
  var clusterID: String?
  var version: String?
  var clusterName: String?
  var nodeUID: String?

  /// Reads each fact on its own; one that cannot be read is reported and left empty.
  static func read(client: KubernetesClient, nodeName: String, diagnostics: any ScanDiagnostics) async -> ClusterFacts {
    var facts = ClusterFacts()
    do {
      facts.clusterID = try await client.clusterID()
    } catch {
      diagnostics.warning(
        collector: "kube-api", subject: "namespace kube-system", message: "cannot read the cluster id: \(error)")
    }
    do {
      facts.version = try await client.serverVersion().gitVersion
    } catch {
      diagnostics.warning(collector: "kube-api", subject: "/version", message: "\(error)")
    }
    if let response = try? await client.request(
      path: "/api/v1/namespaces/kube-system/configmaps/kubeadm-config")
    {
      facts.clusterName = Self.kubeadmClusterName(response.body)
    }
    if let response = try? await client.request(path: "/api/v1/nodes/\(nodeName)") {
      facts.nodeUID = response.body[path: "metadata", "uid"]?.stringValue
    }
    return facts
  }

  /// `clusterName` from the kubeadm-config ConfigMap's `ClusterConfiguration` YAML.
  static func kubeadmClusterName(_ configMap: JSONValue) -> String? {
    guard let text = configMap[path: "data", "ClusterConfiguration"]?.stringValue else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("clusterName:") {
      let value = line.dropFirst("clusterName:".count).trimmingCharacters(in: .whitespaces)
      return value.isEmpty ? nil : value
    }
    return nil
  }
}
