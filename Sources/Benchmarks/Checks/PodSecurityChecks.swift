import KSPMCore

/// A Pod must not share one of the node's namespaces (`spec.hostPID`, `hostIPC`, `hostNetwork`;
/// unset means `false`).
public struct HostNamespaceCheck: PodCheck, Hashable {
  public enum Namespace: String, Sendable, Hashable {
    case pid = "hostPID"
    case ipc = "hostIPC"
    case network = "hostNetwork"
  }

  public var namespace: Namespace

  public init(_ namespace: Namespace) { self.namespace = namespace }

  public func evaluate(_ pod: PodView) -> Evaluation {
    let value = pod.spec[namespace.rawValue]?.boolValue
    var evidence = JSONObject()
    evidence["pod"] = identity(pod.object)
    evidence[namespace.rawValue] = value.map { .bool($0) } ?? "unset (default false)"
    return Evaluation(
      value == true ? .failed : .passed, evidence: .object(evidence),
      expected: .object(JSONObject([.init(key: namespace.rawValue, value: false)])))
  }

  public var description: String { "spec.\(namespace.rawValue) is not true" }
}

/// A security property every container of a Pod must have, judged on the container's effective
/// settings: its own `securityContext`, the pod-level `securityContext` where Kubernetes inherits
/// it, and the Kubernetes/runtime default for whatever is left unset.
///
/// Every container counts: `containers`, `initContainers` and `ephemeralContainers`. Evidence: the
/// pod's identity and, per container, the fields that decided (only the offending containers when
/// the check fails).
public struct ContainerSecurityCheck: PodCheck, Hashable {
  public enum Control: String, Sendable, Hashable, CaseIterable {
    /// `privileged` is not true (unset: false).
    case privileged
    /// Privilege escalation is explicitly off. Unset reads as allowed: the kubelet sets
    /// `no_new_privs` only for `allowPrivilegeEscalation: false`, and `privileged` or an added
    /// `SYS_ADMIN` always allow it.
    case allowPrivilegeEscalation
    /// The container cannot run as uid 0: its effective `runAsUser` (container, else pod) is
    /// non-zero, or it is unset and the effective `runAsNonRoot` is true. Unset on both leaves the
    /// image's user, which is root unless the image says otherwise: that fails.
    case runAsRoot
    /// `NET_RAW` is not kept: it (or `ALL`) is dropped, not added back, and the container is not
    /// privileged. The runtime default set (containerd, Docker) includes `NET_RAW`.
    case netRawCapability
    /// No capability beyond the runtime's default set is added (`ALL` counts as beyond).
    case addedCapabilities
    /// No capability at all: `drop` includes `ALL` and `add` is empty.
    case assignedCapabilities
  }

  /// The capabilities containerd and Docker grant by default.
  public static let runtimeDefaultCapabilities: Set<String> = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
  ]

  public var control: Control

  public init(_ control: Control) { self.control = control }

  public func evaluate(_ pod: PodView) -> Evaluation {
    var offending: [JSONValue] = []
    var all: [JSONValue] = []
    for container in pod.containers {
      let (violates, fields) = judge(container, in: pod)
      var entry = JSONObject()
      entry["name"] = .string(container.name)
      entry["type"] = .string(container.list.rawValue)
      for m in fields.members { entry.appendUnchecked(m.key, m.value) }
      if violates { offending.append(.object(entry)) } else { all.append(.object(entry)) }
    }
    var evidence = JSONObject()
    evidence["pod"] = identity(pod.object)
    evidence["containers"] = .array(offending.isEmpty ? all : offending)
    return Evaluation(
      offending.isEmpty ? .passed : .failed, evidence: .object(evidence),
      expected: ["containers": .string(description)])
  }

  /// Whether `container` breaks the control, and the effective fields that decided.
  public func judge(_ container: PodView.Container, in pod: PodView) -> (Bool, JSONObject) {
    var fields = JSONObject()
    let sc = container.securityContext
    switch control {
    case .privileged:
      let value = sc?["privileged"]?.boolValue
      fields["privileged"] = value.map { .bool($0) } ?? "unset (default false)"
      return (value == true, fields)

    case .allowPrivilegeEscalation:
      let value = sc?["allowPrivilegeEscalation"]?.boolValue
      fields["allowPrivilegeEscalation"] = value.map { .bool($0) } ?? "unset (default true)"
      let sysAdmin = container.added.contains { $0 == "SYS_ADMIN" || $0 == "ALL" }
      if container.privileged { fields["privileged"] = true }
      if sysAdmin { fields["capabilities.add"] = .array(container.added.map { .string($0) }) }
      return (container.privileged || sysAdmin || value != false, fields)

    case .runAsRoot:
      let user = pod.inherited("runAsUser", for: container)
      let nonRoot = pod.inherited("runAsNonRoot", for: container)
      fields["runAsUser"] = user.map { ["value": $0.value, "from": .string($0.from)] } ?? "unset (image user)"
      fields["runAsNonRoot"] = nonRoot.map { ["value": $0.value, "from": .string($0.from)] } ?? "unset (default false)"
      if let uid = user?.value.intValue { return (uid == 0, fields) }
      return (nonRoot?.value.boolValue != true, fields)

    case .netRawCapability:
      fields["capabilities"] = capabilities(container)
      if container.privileged { fields["privileged"] = true }
      let added = container.added.contains { $0 == "NET_RAW" || $0 == "ALL" }
      let dropped = container.dropped.contains { $0 == "NET_RAW" || $0 == "ALL" }
      return (container.privileged || added || !dropped, fields)

    case .addedCapabilities:
      let beyond = container.added.filter { !Self.runtimeDefaultCapabilities.contains($0) }
      fields["capabilities"] = capabilities(container)
      fields["beyond_runtime_default"] = .array(beyond.map { .string($0) })
      return (!beyond.isEmpty, fields)

    case .assignedCapabilities:
      // The restricted Pod Security Standard: drop ALL, and add back NET_BIND_SERVICE at most.
      fields["capabilities"] = capabilities(container)
      let addsOther = container.added.contains { $0 != "NET_BIND_SERVICE" }
      return (addsOther || !container.dropped.contains("ALL"), fields)
    }
  }

  private func capabilities(_ container: PodView.Container) -> JSONValue {
    [
      "add": .array(container.added.map { .string($0) }),
      "drop": .array(container.dropped.map { .string($0) }),
    ]
  }

  public var description: String {
    switch control {
    case .privileged: "no container is privileged"
    case .allowPrivilegeEscalation: "every container sets allowPrivilegeEscalation: false (unset: allowed)"
    case .runAsRoot: "no container can run as root (runAsUser non-zero, or runAsNonRoot; pod level inherited)"
    case .netRawCapability: "every container drops NET_RAW or ALL (runtime default keeps NET_RAW)"
    case .addedCapabilities: "no container adds a capability beyond the runtime default set"
    case .assignedCapabilities: "every container drops ALL and adds nothing but NET_BIND_SERVICE"
    }
  }
}
