import Benchmarks
import KSPMCore
import Testing

@Suite struct RBACWildcardCheckTests {
  static func role(_ rules: JSONValue, kind: String = "ClusterRole") -> KubernetesObject {
    Fixture.object(["kind": .string(kind), "metadata": ["name": "r", "uid": "u"], "rules": rules])
  }

  @Test("a * anywhere fails", arguments: ["apiGroups", "resources", "verbs"])
  func wildcard(field: String) {
    var rule: JSONObject = (["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]] as JSONValue).objectValue!
    rule[field] = ["*"]
    let evaluation = RBACWildcardCheck().evaluate(Self.role([.object(rule)], kind: "Role"))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["wildcard_rules"]?.arrayValue?.first?["wildcards"] == [.string(field)])
  }

  @Test func noWildcardPasses() {
    let evaluation = RBACWildcardCheck().evaluate(
      Self.role([["apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]]]))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["wildcard_rules"] == [])
  }

  @Test func onlyTheOffendingRulesAreEvidence() {
    let evaluation = RBACWildcardCheck().evaluate(
      Self.role([
        ["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]],
        ["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]],
        ["nonResourceURLs": ["/healthz"], "verbs": ["get"]],
      ]))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["wildcard_rules"]?.arrayValue?.count == 1)
    #expect(
      evaluation.evidence["wildcard_rules"]?.arrayValue?.first?["wildcards"] == ["apiGroups", "resources", "verbs"])
  }

  @Test func roleWithoutRulesPasses() {
    #expect(RBACWildcardCheck().evaluate(Fixture.object(["kind": "ClusterRole"])).result == .passed)
  }
}

@Suite struct ServiceAccountCheckTests {
  @Test(
    "automount on Pods and ServiceAccounts",
    arguments: [
      ("Pod", nil, .failed), ("Pod", true, .failed), ("Pod", false, .passed),
      ("ServiceAccount", nil, .failed), ("ServiceAccount", true, .failed), ("ServiceAccount", false, .passed),
    ] as [(String, JSONValue?, EvaluationResult)])
  func automount(kind: String, value: JSONValue?, expected: EvaluationResult) {
    var object: JSONObject = (["kind": .string(kind), "metadata": ["name": "x"]] as JSONValue).objectValue!
    if kind == "Pod" {
      var spec = JSONObject()
      if let value { spec["automountServiceAccountToken"] = value }
      object["spec"] = .object(spec)
    } else if let value {
      object["automountServiceAccountToken"] = value
    }
    let evaluation = ServiceAccountTokenAutomountCheck().evaluate(Fixture.object(.object(object)))
    #expect(evaluation.result == expected)
    #expect(
      evaluation.expected == (kind == "Pod" ? ["token_mounted": false] : ["automountServiceAccountToken": false]))
  }

  @Test func defaultServiceAccountObject() {
    let check = DefaultServiceAccountCheck()
    let open = Fixture.object(["kind": "ServiceAccount", "metadata": ["name": "default", "namespace": "a"]])
    let closed = Fixture.object([
      "kind": "ServiceAccount", "metadata": ["name": "default"], "automountServiceAccountToken": false,
    ])
    let other = Fixture.object(["kind": "ServiceAccount", "metadata": ["name": "builder"]])
    #expect(check.applies(to: open) && check.evaluate(open).result == .failed)
    #expect(check.evaluate(closed).result == .passed)
    #expect(!check.applies(to: other))
  }

  @Test func theDefaultAccountsFindingNamesTheBindingsThatGrantItRights() {
    let check = DefaultServiceAccountCheck()
    #expect(!check.applies(to: Fixture.object(["kind": "RoleBinding", "metadata": ["name": "b"]])))
    #expect(Set(check.contextKinds) == [.serviceAccount, .roleBinding, .clusterRoleBinding])
    let account = Fixture.object([
      "kind": "ServiceAccount", "metadata": ["name": "default", "namespace": "a"],
      "automountServiceAccountToken": false,
    ])
    var builder = ClusterContextBuilder()
    builder.add(account)
    builder.add(
      Fixture.object([
        "kind": "RoleBinding", "metadata": ["name": "reader", "namespace": "a"],
        "roleRef": ["kind": "Role", "name": "pod-reader"],
        "subjects": [["kind": "ServiceAccount", "name": "default", "namespace": "a"]],
      ]))
    builder.add(
      Fixture.object([
        "kind": "ClusterRoleBinding", "metadata": ["name": "unrelated"],
        "roleRef": ["kind": "ClusterRole", "name": "x"],
        "subjects": [
          ["kind": "ServiceAccount", "name": "builder", "namespace": "a"], ["kind": "User", "name": "default"],
        ],
      ]))
    let bound = check.evaluate(account, context: builder.result)
    #expect(bound.result == .failed)
    #expect(
      bound.evidence["bindings"] == [
        [
          "kind": "RoleBinding", "name": "reader", "namespace": "a", "role": "Role/pod-reader",
          "subject": "ServiceAccount",
        ]
      ])
    // Without bindings, the same account is unused.
    #expect(check.evaluate(account, context: ClusterContext()).result == .passed)
  }

  @Test func aContextThatCouldNotBeReadIsSaidInTheEvidence() {
    let pod = Fixture.pod(["serviceAccountName": "web"])
    let evaluation = ServiceAccountTokenAutomountCheck().evaluate(pod, context: .unavailable)
    #expect(evaluation.result == .failed)
    #expect(
      evaluation.evidence["serviceaccount_automountServiceAccountToken"]
        == "ServiceAccounts could not be read (judged as unset)")
  }

  @Test(
    "pods running as default with a token",
    arguments: [
      (["serviceAccountName": "default"], .failed),
      (["serviceAccount": "default"], .failed),
      ([:], .failed),
      (["serviceAccountName": "default", "automountServiceAccountToken": false], .passed),
      (["serviceAccountName": "builder"], .passed),
    ] as [(JSONValue, EvaluationResult)])
  func pods(spec: JSONValue, expected: EvaluationResult) {
    #expect(DefaultServiceAccountCheck().evaluate(Fixture.pod(spec)).result == expected)
  }
}

@Suite struct PodSecurityCheckTests {
  func result(_ control: ContainerSecurityCheck.Control, _ pod: KubernetesObject) -> EvaluationResult {
    ContainerSecurityCheck(control).evaluate(PodView(pod)).result
  }

  @Test func everyContainerListCounts() {
    for list in ["containers", "initContainers", "ephemeralContainers"] {
      let pod = Fixture.pod([
        "containers": [["name": "ok"]],
        .init(list == "containers" ? "sidecars" : list): [["name": "bad", "securityContext": ["privileged": true]]],
      ])
      let expected: EvaluationResult = list == "containers" ? .passed : .failed
      #expect(result(.privileged, pod) == expected, "\(list)")
    }
    let evaluation = ContainerSecurityCheck(.privileged).evaluate(
      PodView(
        Fixture.pod([
          "containers": [["name": "ok"]],
          "initContainers": [["name": "init", "securityContext": ["privileged": true]]],
        ])))
    #expect(evaluation.evidence["containers"] == [["name": "init", "type": "initContainers", "privileged": true]])
  }

  @Test func privileged() {
    #expect(result(.privileged, Fixture.podWithContainer(nil)) == .passed)
    #expect(result(.privileged, Fixture.podWithContainer(["privileged": false])) == .passed)
    #expect(result(.privileged, Fixture.podWithContainer(["privileged": true])) == .failed)
  }

  @Test(
    "host namespaces",
    arguments: [
      (HostNamespaceCheck.Namespace.pid, "hostPID"), (.ipc, "hostIPC"), (.network, "hostNetwork"),
    ])
  func hostNamespaces(namespace: HostNamespaceCheck.Namespace, field: String) {
    let check = HostNamespaceCheck(namespace)
    #expect(check.evaluate(PodView(Fixture.pod(["containers": []]))).result == .passed)
    #expect(check.evaluate(PodView(Fixture.pod([.init(field): false]))).result == .passed)
    let evaluation = check.evaluate(PodView(Fixture.pod([.init(field): true])))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence[field] == true)
  }

  @Test func allowPrivilegeEscalationUnsetReadsAsAllowed() {
    #expect(result(.allowPrivilegeEscalation, Fixture.podWithContainer(nil)) == .failed)
    #expect(result(.allowPrivilegeEscalation, Fixture.podWithContainer(["allowPrivilegeEscalation": true])) == .failed)
    #expect(result(.allowPrivilegeEscalation, Fixture.podWithContainer(["allowPrivilegeEscalation": false])) == .passed)
    #expect(
      result(
        .allowPrivilegeEscalation,
        Fixture.podWithContainer(["allowPrivilegeEscalation": false, "capabilities": ["add": ["SYS_ADMIN"]]]))
        == .failed)
    #expect(
      result(
        .allowPrivilegeEscalation, Fixture.podWithContainer(["allowPrivilegeEscalation": false, "privileged": true]))
        == .failed)
  }

  @Test(
    "root containers, with pod-level inheritance",
    arguments: [
      (nil, nil, .failed),
      (["runAsUser": 0], nil, .failed),
      (["runAsUser": 1000], nil, .passed),
      (["runAsNonRoot": true], nil, .passed),
      (["runAsNonRoot": false], nil, .failed),
      (nil, ["runAsNonRoot": true], .passed),
      (nil, ["runAsUser": 1000], .passed),
      (nil, ["runAsUser": 0], .failed),
      (["runAsUser": 0], ["runAsNonRoot": true], .failed),
      (["runAsUser": 1000], ["runAsUser": 0], .passed),
      (["runAsNonRoot": false], ["runAsNonRoot": true], .failed),
    ] as [(JSONValue?, JSONValue?, EvaluationResult)])
  func runAsRoot(container: JSONValue?, pod: JSONValue?, expected: EvaluationResult) {
    #expect(result(.runAsRoot, Fixture.podWithContainer(container, podSecurityContext: pod)) == expected)
  }

  @Test func runAsRootEvidenceSaysWhereTheValueCameFrom() {
    let evaluation = ContainerSecurityCheck(.runAsRoot).evaluate(
      PodView(Fixture.podWithContainer(nil, podSecurityContext: ["runAsUser": 0])))
    #expect(evaluation.evidence["containers"]?.arrayValue?.first?["runAsUser"] == ["value": 0, "from": "pod"])
  }

  @Test(
    "NET_RAW",
    arguments: [
      (nil, .failed),
      (["capabilities": ["drop": ["NET_RAW"]]], .passed),
      (["capabilities": ["drop": ["ALL"]]], .passed),
      (["capabilities": ["drop": ["all"]]], .passed),
      (["capabilities": ["drop": ["CAP_NET_RAW"]]], .passed),
      (["capabilities": ["drop": ["ALL"], "add": ["NET_RAW"]]], .failed),
      (["capabilities": ["drop": ["ALL"]], "privileged": true], .failed),
      (["capabilities": ["drop": ["CHOWN"]]], .failed),

    ] as [(JSONValue?, EvaluationResult)])
  func netRaw(securityContext: JSONValue?, expected: EvaluationResult) {
    #expect(result(.netRawCapability, Fixture.podWithContainer(securityContext)) == expected)
  }

  @Test func netRawMustBeDroppedByEveryContainer() {
    let pod = Fixture.pod([
      "containers": [
        ["name": "a", "securityContext": ["capabilities": ["drop": ["ALL"]]]],
        ["name": "b"],
      ]
    ])
    let evaluation = ContainerSecurityCheck(.netRawCapability).evaluate(PodView(pod))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["containers"]?.arrayValue?.map { $0["name"] } == ["b"])
  }

  @Test(
    "added capabilities beyond the runtime default",
    arguments: [
      (nil, .passed),
      (["capabilities": ["add": ["NET_BIND_SERVICE"]]], .passed),
      (["capabilities": ["add": ["SYS_ADMIN"]]], .failed),
      (["capabilities": ["add": ["ALL"]]], .failed),
      (["capabilities": ["add": ["cap_net_admin"]]], .failed),

    ] as [(JSONValue?, EvaluationResult)])
  func added(securityContext: JSONValue?, expected: EvaluationResult) {
    #expect(result(.addedCapabilities, Fixture.podWithContainer(securityContext)) == expected)
  }

  @Test(
    "assigned capabilities",
    arguments: [
      (nil, .failed),
      (["capabilities": ["drop": ["ALL"]]], .passed),
      (["capabilities": ["drop": ["ALL"], "add": ["NET_BIND_SERVICE"]]], .passed),
      (["capabilities": ["drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CHOWN"]]], .failed),
      (["capabilities": ["drop": ["NET_RAW"]]], .failed),

    ] as [(JSONValue?, EvaluationResult)])
  func assigned(securityContext: JSONValue?, expected: EvaluationResult) {
    #expect(result(.assignedCapabilities, Fixture.podWithContainer(securityContext)) == expected)
  }
}
