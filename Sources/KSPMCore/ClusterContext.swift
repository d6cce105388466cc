/// What rules about one object need to know of others in the cluster: each ServiceAccount's
/// `automountServiceAccountToken`, and which role bindings grant which ServiceAccounts rights.
///
/// It is built each cycle, before the objects that need it are evaluated, from the ServiceAccounts,
/// RoleBindings and ClusterRoleBindings alone, so its size follows those kinds and never the number
/// of Pods. Build one with ``ClusterContextBuilder``.
public struct ClusterContext: Sendable {
  /// A ServiceAccount as the context keeps it.
  public struct ServiceAccount: Sendable, Hashable {
    /// Its own `automountServiceAccountToken`; `nil` when unset.
    public var automountToken: Bool?

    public init(automountToken: Bool?) { self.automountToken = automountToken }
  }

  /// A RoleBinding or ClusterRoleBinding that grants a ServiceAccount rights.
  public struct Binding: Sendable, Hashable, Comparable {
    /// `RoleBinding` or `ClusterRoleBinding`.
    public var kind: String
    public var name: String
    /// The RoleBinding's namespace; `nil` for a ClusterRoleBinding.
    public var namespace: String?
    /// The role it grants: `ClusterRole/edit`, `Role/reader`.
    public var role: String
    /// How it names the account: `ServiceAccount`, `User system:serviceaccount:…`,
    /// `Group system:serviceaccounts`, `Group system:serviceaccounts:<namespace>`.
    public var subject: String

    public init(kind: String, name: String, namespace: String?, role: String, subject: String) {
      self.kind = kind
      self.name = name
      self.namespace = namespace
      self.role = role
      self.subject = subject
    }

    public static func < (a: Binding, b: Binding) -> Bool {
      (a.kind, a.namespace ?? "", a.name, a.subject) < (b.kind, b.namespace ?? "", b.name, b.subject)
    }
  }

  /// ServiceAccounts by `namespace/name`.
  public var serviceAccounts: [String: ServiceAccount]
  /// Bindings naming one ServiceAccount, by its `namespace/name`.
  var accountBindings: [String: [Binding]]
  /// Bindings to every ServiceAccount of one namespace (`system:serviceaccounts:<namespace>`).
  var namespaceBindings: [String: [Binding]]
  /// Bindings to every ServiceAccount (`system:serviceaccounts`).
  var allAccountsBindings: [Binding]
  /// Whether every kind it is built from could be read; when not, a ServiceAccount missing from it
  /// may exist.
  public var isComplete: Bool

  /// An empty, complete context: a cluster with no ServiceAccounts and no bindings.
  public init() {
    serviceAccounts = [:]
    accountBindings = [:]
    namespaceBindings = [:]
    allAccountsBindings = []
    isComplete = true
  }

  /// A context that could not be read: rules know nothing of the ServiceAccounts.
  public static var unavailable: ClusterContext {
    var context = ClusterContext()
    context.isComplete = false
    return context
  }

  /// `namespace/name`.
  public static func key(namespace: String, name: String) -> String { namespace + "/" + name }

  /// The ServiceAccount, when the context has it.
  public func serviceAccount(namespace: String, name: String) -> ServiceAccount? {
    serviceAccounts[Self.key(namespace: namespace, name: name)]
  }

  /// Every binding that grants the ServiceAccount rights, directly or through its groups, in a
  /// stable order.
  public func bindings(namespace: String, name: String) -> [Binding] {
    let direct = accountBindings[Self.key(namespace: namespace, name: name)] ?? []
    return (direct + (namespaceBindings[namespace] ?? []) + allAccountsBindings).sorted()
  }
}

/// Builds a ``ClusterContext`` from ServiceAccounts, RoleBindings and ClusterRoleBindings, in any
/// order; other objects are ignored.
public struct ClusterContextBuilder: Sendable {
  /// The kinds a context is built from.
  public static let kinds: [KubernetesKind] = [.serviceAccount, .roleBinding, .clusterRoleBinding]

  private var context = ClusterContext()

  public init() {}

  /// Adds what `object` tells the context.
  public mutating func add(_ object: KubernetesObject) {
    switch object.kind {
    case "ServiceAccount":
      let key = ClusterContext.key(namespace: object.namespace ?? "default", name: object.name)
      context.serviceAccounts[key] = ClusterContext.ServiceAccount(
        automountToken: object.object["automountServiceAccountToken"]?.boolValue)
    case "RoleBinding", "ClusterRoleBinding":
      addBinding(object)
    default: break
    }
  }

  /// Marks the context as not read in full (a kind could not be listed, a file not parsed).
  public mutating func markIncomplete() { context.isComplete = false }

  /// The context built so far.
  public var result: ClusterContext { context }

  private mutating func addBinding(_ object: KubernetesObject) {
    let isRoleBinding = object.kind == "RoleBinding"
    let namespace = isRoleBinding ? object.namespace : nil
    let roleRef = object.object["roleRef"]
    let role = "\(roleRef?["kind"]?.stringValue ?? "")/\(roleRef?["name"]?.stringValue ?? "")"
    for subject in object.object["subjects"]?.arrayValue ?? [] {
      let kind = subject["kind"]?.stringValue ?? ""
      let name = subject["name"]?.stringValue ?? ""
      func binding(_ named: String) -> ClusterContext.Binding {
        ClusterContext.Binding(kind: object.kind, name: object.name, namespace: namespace, role: role, subject: named)
      }
      switch kind {
      case "ServiceAccount":
        // A RoleBinding's ServiceAccount subject without a namespace is taken from the binding.
        guard let accountNamespace = subject["namespace"]?.stringValue ?? namespace else { continue }
        context.accountBindings[ClusterContext.key(namespace: accountNamespace, name: name), default: []].append(
          binding("ServiceAccount"))
      case "User":
        // The user name a ServiceAccount authenticates as.
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" else { continue }
        context.accountBindings[ClusterContext.key(namespace: String(parts[2]), name: String(parts[3])), default: []]
          .append(binding("User \(name)"))
      case "Group":
        if name == "system:serviceaccounts" {
          context.allAccountsBindings.append(binding("Group \(name)"))
        } else if name.hasPrefix("system:serviceaccounts:") {
          let accountNamespace = String(name.dropFirst("system:serviceaccounts:".count))
          context.namespaceBindings[accountNamespace, default: []].append(binding("Group \(name)"))
        }
      default: continue
      }
    }
  }
}
