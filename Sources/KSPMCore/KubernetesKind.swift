/// A Kubernetes resource kind to list from the API server.
public struct KubernetesKind: Sendable, Hashable {
  /// API group; empty for the core group.
  public var group: String
  public var version: String
  /// Plural resource name used in the URL (`pods`).
  public var resource: String
  /// `Pod`.
  public var kind: String
  public var namespaced: Bool

  public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
    self.group = group
    self.version = version
    self.resource = resource
    self.kind = kind
    self.namespaced = namespaced
  }

  /// `v1` or `rbac.authorization.k8s.io/v1`.
  public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

  public static let pod = KubernetesKind(group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true)
  public static let node = KubernetesKind(group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false)
  public static let namespace = KubernetesKind(
    group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
  public static let serviceAccount = KubernetesKind(
    group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true)
  public static let service = KubernetesKind(
    group: "", version: "v1", resource: "services", kind: "Service", namespaced: true)
  public static let role = KubernetesKind(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", kind: "Role", namespaced: true)
  public static let clusterRole = KubernetesKind(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", kind: "ClusterRole",
    namespaced: false)
  public static let roleBinding = KubernetesKind(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", kind: "RoleBinding",
    namespaced: true)
  public static let clusterRoleBinding = KubernetesKind(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings",
    kind: "ClusterRoleBinding", namespaced: false)
  public static let networkPolicy = KubernetesKind(
    group: "networking.k8s.io", version: "v1", resource: "networkpolicies", kind: "NetworkPolicy",
    namespaced: true)
  public static let podSecurityPolicy = KubernetesKind(
    group: "policy", version: "v1beta1", resource: "podsecuritypolicies", kind: "PodSecurityPolicy",
    namespaced: false)
}
