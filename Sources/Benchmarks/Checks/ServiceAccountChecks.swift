import KSPMCore

/// Whether a service-account token is mounted automatically.
///
/// A Pod's `spec.automountServiceAccountToken` wins over its ServiceAccount's; unset on both means
/// the Kubernetes default, `true`. A Pod is judged on its own field (a check sees one object at a
/// time), so an unset Pod field reads as `true` even when its ServiceAccount turns automounting off.
public struct ServiceAccountTokenAutomountCheck: KubernetesObjectCheck, Hashable {
  public init() {}

  public func evaluate(_ object: KubernetesObject) -> Evaluation {
    let field: JSONValue? =
      object.kind == "Pod"
      ? object.object[path: "spec", "automountServiceAccountToken"]
      : object.object["automountServiceAccountToken"]
    let explicit = field?.boolValue
    let effective = explicit ?? true
    var evidence = JSONObject()
    evidence["object"] = identity(object)
    evidence["automountServiceAccountToken"] = explicit.map { .bool($0) } ?? "unset (default true)"
    return Evaluation(
      effective ? .failed : .passed, evidence: .object(evidence), expected: ["automountServiceAccountToken": false])
  }

  public var description: String { "automountServiceAccountToken is false (unset: default true)" }
}

/// The `default` ServiceAccount of each namespace is inert and unused:
/// - a ServiceAccount named `default` must set `automountServiceAccountToken: false`;
/// - a RoleBinding or ClusterRoleBinding must not bind any `default` ServiceAccount;
/// - a Pod must not run as `default` with its token mounted (`spec.serviceAccountName`, else the
///   deprecated `spec.serviceAccount`, else Kubernetes' `default`; the token is mounted unless the
///   Pod sets `automountServiceAccountToken: false`).
///
/// ServiceAccounts with other names are not targets of this check: `applies(to:)` says so.
public struct DefaultServiceAccountCheck: KubernetesObjectCheck, Hashable {
  public init() {}

  /// Whether `object` is something this check judges.
  public func applies(to object: KubernetesObject) -> Bool {
    switch object.kind {
    case "ServiceAccount": object.name == "default"
    case "Pod", "RoleBinding", "ClusterRoleBinding": true
    default: false
    }
  }

  public func evaluate(_ object: KubernetesObject) -> Evaluation {
    var evidence = JSONObject()
    evidence["object"] = identity(object)
    switch object.kind {
    case "ServiceAccount":
      let explicit = object.object["automountServiceAccountToken"]?.boolValue
      evidence["automountServiceAccountToken"] = explicit.map { .bool($0) } ?? "unset (default true)"
      return Evaluation(
        explicit == false ? .passed : .failed, evidence: .object(evidence),
        expected: ["automountServiceAccountToken": false])
    case "RoleBinding", "ClusterRoleBinding":
      let subjects = (object.object["subjects"]?.arrayValue ?? []).filter {
        $0["kind"]?.stringValue == "ServiceAccount" && $0["name"]?.stringValue == "default"
      }
      evidence["default_service_account_subjects"] = .array(subjects)
      return Evaluation(
        subjects.isEmpty ? .passed : .failed, evidence: .object(evidence),
        expected: ["default_service_account_subjects": []])
    default:
      let spec = object.object["spec"]
      let named = spec?["serviceAccountName"]?.stringValue ?? spec?["serviceAccount"]?.stringValue
      let account = (named?.isEmpty ?? true) ? "default" : named!
      let automount = spec?["automountServiceAccountToken"]?.boolValue
      evidence["serviceAccountName"] = .string(account)
      evidence["automountServiceAccountToken"] = automount.map { .bool($0) } ?? "unset (default true)"
      let active = account == "default" && automount != false
      return Evaluation(
        active ? .failed : .passed, evidence: .object(evidence),
        expected: ["serviceAccountName": "not default, or automountServiceAccountToken false"])
    }
  }

  public var description: String {
    "default ServiceAccount: token not automounted, not bound by any role binding, not used by pods with a token"
  }
}
