/// A resource the Kubernetes API test server serves: its group, version, plural name, kind and
/// scope, as discovery (`APIResourceList`) describes it.
public struct APIResourceDefinition: Sendable, Hashable {
  /// Empty for the core group.
  public var group: String
  public var version: String
  /// Plural name used in paths (`pods`).
  public var resource: String
  public var kind: String
  public var singularName: String
  public var namespaced: Bool
  public var verbs: [String]
  public var shortNames: [String]

  public init(
    group: String, version: String, resource: String, kind: String, namespaced: Bool,
    singularName: String? = nil, verbs: [String] = APIResourceDefinition.readWriteVerbs, shortNames: [String] = []
  ) {
    self.group = group
    self.version = version
    self.resource = resource
    self.kind = kind
    self.namespaced = namespaced
    self.singularName = singularName ?? kind.lowercased()
    self.verbs = verbs
    self.shortNames = shortNames
  }

  public static let readWriteVerbs = [
    "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch",
  ]

  /// `v1` or `rbac.authorization.k8s.io/v1`.
  public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

  /// `pods` or `leases.coordination.k8s.io`, as error messages name a resource.
  public var qualifiedResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

  public static let pods = APIResourceDefinition(
    group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true, shortNames: ["po"])
  public static let nodes = APIResourceDefinition(
    group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false, shortNames: ["no"])
  public static let namespaces = APIResourceDefinition(
    group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false,
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"])
  public static let serviceAccounts = APIResourceDefinition(
    group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true,
    shortNames: ["sa"])
  public static let services = APIResourceDefinition(
    group: "", version: "v1", resource: "services", kind: "Service", namespaced: true, shortNames: ["svc"])
  public static let configMaps = APIResourceDefinition(
    group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true, shortNames: ["cm"])
  public static let roles = APIResourceDefinition(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", kind: "Role", namespaced: true)
  public static let clusterRoles = APIResourceDefinition(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", kind: "ClusterRole",
    namespaced: false)
  public static let roleBindings = APIResourceDefinition(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", kind: "RoleBinding",
    namespaced: true)
  public static let clusterRoleBindings = APIResourceDefinition(
    group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings", kind: "ClusterRoleBinding",
    namespaced: false)
  public static let networkPolicies = APIResourceDefinition(
    group: "networking.k8s.io", version: "v1", resource: "networkpolicies", kind: "NetworkPolicy",
    namespaced: true, shortNames: ["netpol"])
  public static let leases = APIResourceDefinition(
    group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease", namespaced: true)
  /// Served only by clusters before 1.25; not in ``standard``.
  public static let podSecurityPolicies = APIResourceDefinition(
    group: "policy", version: "v1beta1", resource: "podsecuritypolicies", kind: "PodSecurityPolicy",
    namespaced: false, shortNames: ["psp"])

  /// What a Kubernetes 1.25+ cluster serves of the kinds kspmbeat reads (no PodSecurityPolicy).
  public static let standard: [APIResourceDefinition] = [
    .pods, .nodes, .namespaces, .serviceAccounts, .services, .configMaps, .roles, .clusterRoles, .roleBindings,
    .clusterRoleBindings, .networkPolicies, .leases,
  ]
}
