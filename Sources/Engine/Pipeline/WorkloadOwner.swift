import KSPMCore

/// The workload that owns a Pod, for grouping findings: its controller owner reference, with a
/// ReplicaSet made by a Deployment named as that Deployment (the ReplicaSet's name is the
/// Deployment's plus `-<pod-template-hash>`).
public enum WorkloadOwner {
  /// `Deployment shop/web`, `StatefulSet db/pg`, `DaemonSet kube-system/cilium`; `nil` for
  /// objects that are not Pods or have no controller.
  public static func label(of object: KubernetesObject) -> String? {
    guard object.kind == "Pod", case .array(let owners)? = object.object[path: "metadata", "ownerReferences"]
    else { return nil }
    let controller = owners.first { $0["controller"]?.boolValue == true } ?? owners.first
    guard let controller, var kind = controller["kind"]?.stringValue, var name = controller["name"]?.stringValue,
      !kind.isEmpty, !name.isEmpty
    else { return nil }
    if kind == "ReplicaSet", let hash = object.object[path: "metadata", "labels", "pod-template-hash"]?.stringValue,
      !hash.isEmpty, name.hasSuffix("-" + hash), name.count > hash.count + 1
    {
      kind = "Deployment"
      name = String(name.dropLast(hash.count + 1))
    }
    return object.namespace.map { "\(kind) \($0)/\(name)" } ?? "\(kind) \(name)"
  }
}
