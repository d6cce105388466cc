import KSPMCore

/// How a Pod's service-account token is decided, as Kubernetes decides it: the Pod's own
/// `automountServiceAccountToken` wins; when the Pod leaves it unset, its ServiceAccount's; when
/// both are unset, the token is mounted. A mirror (static) pod has no ServiceAccount and no token.
struct PodTokenMount {
  /// The account the Pod runs as (`spec.serviceAccountName`, else the deprecated
  /// `spec.serviceAccount`, else `default`); `nil` for a mirror pod.
  var account: String?
  var podSetting: Bool?
  var accountSetting: Bool?
  /// Why the account's setting is not known: it does not exist, or could not be read.
  var accountNote: String?
  var isMirror: Bool

  init(_ pod: KubernetesObject, context: ClusterContext) {
    isMirror = pod.object[path: "metadata", "annotations", "kubernetes.io/config.mirror"] != nil
    let spec = pod.object["spec"]
    podSetting = spec?["automountServiceAccountToken"]?.boolValue
    guard !isMirror else {
      account = nil
      return
    }
    let named = spec?["serviceAccountName"]?.stringValue ?? spec?["serviceAccount"]?.stringValue
    let account = (named?.isEmpty ?? true) ? "default" : named!
    self.account = account
    if let found = context.serviceAccount(namespace: pod.namespace ?? "default", name: account) {
      accountSetting = found.automountToken
    } else {
      accountNote =
        context.isComplete
        ? "ServiceAccount not found (judged as unset)" : "ServiceAccounts could not be read (judged as unset)"
    }
  }

  /// Whether the token is mounted.
  var mounted: Bool { !isMirror && (podSetting ?? accountSetting ?? true) }

  /// The fields that decided, for the evidence.
  var evidence: JSONObject {
    var o = JSONObject()
    if isMirror {
      o["mirror_pod"] = true
      o["token_mounted"] = false
      return o
    }
    o["serviceAccountName"] = .string(account ?? "")
    o["pod_automountServiceAccountToken"] = podSetting.map { .bool($0) } ?? "unset"
    o["serviceaccount_automountServiceAccountToken"] =
      accountSetting.map { .bool($0) } ?? .string(accountNote ?? "unset")
    o["token_mounted"] = .bool(mounted)
    return o
  }
}

/// Whether a service-account token is mounted where it need not be (5.1.6).
///
/// A Pod is judged as Kubernetes mounts its token (``PodTokenMount``): a Pod whose ServiceAccount
/// turns automounting off passes unless it turns it back on; a Pod naming an account that does not
/// exist is judged as if the account left it unset; a mirror pod passes. A ServiceAccount is judged
/// on its own field: unset means the Kubernetes default, `true`.
public struct ServiceAccountTokenAutomountCheck: KubernetesObjectCheck, Hashable {
  public init() {}

  public var contextKinds: [KubernetesKind] { [.serviceAccount] }

  public func evaluate(_ object: KubernetesObject, context: ClusterContext) -> Evaluation {
    var evidence = JSONObject()
    evidence["object"] = identity(object)
    if object.kind == "Pod" {
      let mount = PodTokenMount(object, context: context)
      for member in mount.evidence.members { evidence.appendUnchecked(member.key, member.value) }
      return Evaluation(
        mount.mounted ? .failed : .passed, evidence: .object(evidence), expected: ["token_mounted": false])
    }
    let explicit = object.object["automountServiceAccountToken"]?.boolValue
    evidence["automountServiceAccountToken"] = explicit.map { .bool($0) } ?? "unset (default true)"
    return Evaluation(
      explicit == false ? .passed : .failed, evidence: .object(evidence),
      expected: ["automountServiceAccountToken": false])
  }

  public var description: String {
    "no token mounted unless needed (Pod setting, else its ServiceAccount's, else true)"
  }
}

/// The `default` ServiceAccount of each namespace is not actively used (5.1.5):
/// - the finding on a namespace's `default` ServiceAccount fails when it mounts tokens by default
///   (`automountServiceAccountToken` not `false`) or when any RoleBinding or ClusterRoleBinding
///   grants it rights (directly, as the user `system:serviceaccount:<ns>:default`, or through the
///   groups `system:serviceaccounts[:<ns>]`); the evidence names the bindings;
/// - a Pod fails when it runs as `default` with its token mounted (``PodTokenMount``); mirror pods
///   run as no account and pass.
///
/// Other ServiceAccounts, and the bindings themselves, are not its targets.
public struct DefaultServiceAccountCheck: KubernetesObjectCheck, Hashable {
  public init() {}

  public var contextKinds: [KubernetesKind] { [.serviceAccount, .roleBinding, .clusterRoleBinding] }

  /// Whether `object` is something this check judges.
  public func applies(to object: KubernetesObject) -> Bool {
    switch object.kind {
    case "ServiceAccount": object.name == "default"
    case "Pod": true
    default: false
    }
  }

  public func evaluate(_ object: KubernetesObject, context: ClusterContext) -> Evaluation {
    var evidence = JSONObject()
    evidence["object"] = identity(object)
    if object.kind == "ServiceAccount" {
      let explicit = object.object["automountServiceAccountToken"]?.boolValue
      let bindings = context.bindings(namespace: object.namespace ?? "default", name: object.name)
      evidence["automountServiceAccountToken"] = explicit.map { .bool($0) } ?? "unset (default true)"
      evidence["bindings"] = .array(bindings.map(Self.describe))
      if !context.isComplete { evidence["bindings_note"] = "role bindings could not all be read" }
      let used = explicit != false || !bindings.isEmpty
      return Evaluation(
        used ? .failed : .passed, evidence: .object(evidence),
        expected: ["automountServiceAccountToken": false, "bindings": []])
    }
    let mount = PodTokenMount(object, context: context)
    for member in mount.evidence.members { evidence.appendUnchecked(member.key, member.value) }
    let active = mount.account == "default" && mount.mounted
    return Evaluation(
      active ? .failed : .passed, evidence: .object(evidence),
      expected: ["serviceAccountName": "not default, or no token mounted"])
  }

  static func describe(_ binding: ClusterContext.Binding) -> JSONValue {
    var o = JSONObject()
    o["kind"] = .string(binding.kind)
    o["name"] = .string(binding.name)
    if let namespace = binding.namespace { o["namespace"] = .string(namespace) }
    o["role"] = .string(binding.role)
    o["subject"] = .string(binding.subject)
    return .object(o)
  }

  public var description: String {
    "default ServiceAccount: token not automounted and no role bound; no pod runs as it with a token"
  }
}
