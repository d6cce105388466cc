import KSPMCore

/// `resource.id` and document ids, hashed exactly as cloudbeat hashes them (8.11+).
public enum ResourceIdentity {
  /// `resource.id`: uuid5 over cluster id + node id + raw id for node resources (files, processes),
  /// over the object uid for Kubernetes objects, and over the cluster id for cloud resources.
  public static func resourceID(of resource: Resource, clusterID: String, nodeID: String) -> String {
    let name: String
    switch resource.type {
    case .file, .process: name = clusterID + nodeID + resource.rawID
    case .kubernetesObject: name = resource.rawID
    case .containerRegistry, .loadBalancer, .containerService: name = clusterID
    }
    return NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: name)
  }

  /// The deterministic `_id` of one finding: the same cycle, rule, resource and node always give the
  /// same id, so a retried bulk `create` answers 409 instead of indexing a duplicate. The resource's
  /// own identity (`rawID`: uid, path, ARN) is part of it, because `resource.id` alone is shared by
  /// every cloud resource of a cluster and must never make two findings one.
  public static func documentID(
    sequence: Int64, ruleID: String, resourceID: String, rawID: String, nodeID: String
  ) -> String {
    NameBasedUUID.v5(
      namespace: NameBasedUUID.resourceNamespace,
      name: "finding/\(sequence)/\(ruleID)/\(resourceID)/\(rawID)/\(nodeID)")
  }
}
