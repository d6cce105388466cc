import Foundation

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

  /// The kinds kspmbeat collects for the Kubernetes benchmarks.
  public static let collected: [KubernetesKind] = [
    .pod, .node, .namespace, .serviceAccount, .role, .clusterRole, .roleBinding, .clusterRoleBinding,
    .networkPolicy, .service,
  ]
}

/// A process a benchmark reads, and the flags whose values name configuration files to parse.
public struct ProcessSpec: Sendable, Hashable {
  /// The full executable name (`kube-controller-manager`), matched against `argv[0]`'s base name.
  public var name: String
  /// Flags (without dashes) whose value is a config file to read, e.g. `["config"]` for the kubelet.
  public var configFlags: [String]
  /// Settings the program also reads from its environment (etcd: `ETCD_CERT_FILE` for
  /// `--cert-file`); `nil` when it reads none.
  public var environmentFlags: EnvironmentFlags?
  /// A config file that, when given, replaces the command line and the environment (etcd's
  /// `--config-file`); `nil` when the program has none.
  public var exclusiveConfigFile: ExclusiveConfigFile?

  public init(
    name: String, configFlags: [String] = [], environmentFlags: EnvironmentFlags? = nil,
    exclusiveConfigFile: ExclusiveConfigFile? = nil
  ) {
    self.name = name
    self.configFlags = configFlags
    self.environmentFlags = environmentFlags
    self.exclusiveConfigFile = exclusiveConfigFile
  }
}

/// A config file named by `flag` that the program reads *instead of* its other flags and
/// environment (etcd ignores both when `--config-file` is given). Its settings are turned into the
/// flags they stand for, so flag rules judge what the program really runs with.
public struct ExclusiveConfigFile: Sendable, Hashable {
  /// The flag naming the file, without dashes (`config-file`); also listed in `configFlags`.
  public var flag: String
  /// Each flag (without dashes) and the key path of its setting in the file.
  public var settings: [String: [String]]

  public init(flag: String, settings: [String: [String]]) {
    self.flag = flag
    self.settings = settings
  }
}

/// Flags a program accepts as environment variables: `<prefix><NAME>` for `--name`, upper case with
/// `_` for `-`. Only the listed flags are read, so nothing else from the environment (which may hold
/// secrets) is ever collected. A flag on the command line wins over its variable.
public struct EnvironmentFlags: Sendable, Hashable {
  public var prefix: String
  /// Flag names without dashes (`cert-file`).
  public var flags: [String]

  public init(prefix: String, flags: [String]) {
    self.prefix = prefix
    self.flags = flags
  }

  /// The variable that sets `flag`: `ETCD_CERT_FILE` for `cert-file`.
  public func variable(for flag: String) -> String {
    prefix + flag.uppercased().replacingOccurrences(of: "-", with: "_")
  }
}

/// What a benchmark needs collected on each node and from the cluster.
public struct CollectionPlan: Sendable, Hashable {
  /// Host paths (without the host root). A trailing `/**` means the directory and everything below it.
  public var filePatterns: [String]
  public var processes: [ProcessSpec]
  public var kubernetesKinds: [KubernetesKind]

  public init(filePatterns: [String], processes: [ProcessSpec], kubernetesKinds: [KubernetesKind]) {
    self.filePatterns = filePatterns
    self.processes = processes
    self.kubernetesKinds = kubernetesKinds
  }
}

/// A benchmark: its rules, what it needs collected, and how it judges a resource.
public protocol Benchmark: Sendable {
  var info: BenchmarkInfo { get }
  /// Every rule, in rule-number order.
  var rules: [RuleMetadata] { get }
  var collectionPlan: CollectionPlan { get }
  /// The findings of every rule that targets `resource`; empty when no rule does.
  func evaluate(_ resource: Resource) -> [RuleFinding]
}
