import KSPMCore

/// What a cycle learns about the cluster before collecting: its id, version, name and this node.
public struct ClusterFacts: Sendable, Equatable {
  /// The `kube-system` namespace's uid.
  public var clusterID: String?
  /// The API server's `gitVersion`.
  public var version: String?
  /// `clusterName` of kubeadm's ClusterConfiguration, when the cluster has one.
  public var clusterName: String?
  /// The uid of this node's Node object.
  public var nodeUID: String?

  public init(clusterID: String? = nil, version: String? = nil, clusterName: String? = nil, nodeUID: String? = nil) {
    self.clusterID = clusterID
    self.version = version
    self.clusterName = clusterName
    self.nodeUID = nodeUID
  }

  /// Reads each fact on its own; one that cannot be read is reported and left empty.
  public static func read(
    client: KubernetesClient, nodeName: String, diagnostics: any ScanDiagnostics
  ) async -> ClusterFacts {
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
  public static func kubeadmClusterName(_ configMap: JSONValue) -> String? {
    guard let text = configMap[path: "data", "ClusterConfiguration"]?.stringValue else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("clusterName:") {
      let value = line.dropFirst("clusterName:".count).trimmingCharacters(in: .whitespaces)
      return value.isEmpty ? nil : value
    }
    return nil
  }
}

extension KubernetesClient {
  /// `spec.nodeName` of the pod `pod` in the client's namespace, when the API says (how a
  /// DaemonSet pod without `NODE_NAME` learns its node).
  public func podNodeName(pod: String) async -> String? {
    let namespace = configuration.namespace
    guard let response = try? await request(path: "/api/v1/namespaces/\(namespace)/pods/\(pod)") else {
      return nil
    }
    return response.body[path: "spec", "nodeName"]?.stringValue
  }
}
