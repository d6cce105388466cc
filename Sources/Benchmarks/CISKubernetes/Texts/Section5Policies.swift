// Rule prose for CIS Kubernetes section 5: RBAC and service accounts (5.1) and pod security (5.2).
//
// Audits use kubectl with jq. The benchmark's pod rules were written for PodSecurityPolicy, which was removed in
// 1.25; remediations point to the pod fields themselves and to Pod Security Admission, its built-in successor.

extension CISKubernetesTexts {
  static let section51: [String: RuleText] = [
    "5.1.3": RuleText(
      description: """
        Roles and ClusterRoles should name the API groups, resources and verbs they grant; rules should avoid the \
        wildcard `*` in `apiGroups`, `resources` and `verbs`.
        """,
      rationale: """
        A wildcard grants everything that exists now and everything added later: sensitive resources such as \
        `secrets`, subresources such as `pods/exec`, and every CRD installed in future. Roles written this way \
        quietly grow more powerful over time and make least privilege impossible to review.
        """,
      audit: """
        ```
        kubectl get roles,clusterroles -A -o json | jq -r '.items[]
          | select([.rules[]? | .apiGroups[]?, .resources[]?, .verbs[]?] | index("*"))
          | .kind + " " + (.metadata.namespace // "-") + "/" + .metadata.name'
        ```

        Compliant: only expected built-in roles (such as `cluster-admin`) are listed.
        """,
      remediation: """
        For each role you own, replace `*` with the explicit list the subject needs, for example:

        ```yaml
        rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "list", "watch", "update", "patch"]
        ```

        Leave built-in `system:` roles alone; the API server reconciles them on restart.
        """,
      impact: "Subjects lose rights they were not meant to have; test workloads after narrowing their roles.",
      defaultValue: "Built-in roles such as `cluster-admin` use wildcards; no other roles exist until you create them.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/rbac/
        https://kubernetes.io/docs/concepts/security/rbac-good-practices/
        """
    ),
    "5.1.5": RuleText(
      description: """
        Workloads should not run as a namespace's `default` service account (`spec.serviceAccountName` unset or \
        `default`), and each `default` service account should set `automountServiceAccountToken: false`.
        """,
      rationale: """
        Every pod that names no service account shares `default`. Any permission granted to it, often added to \
        make one application work, then reaches every pod in the namespace, and an attacker in any of them gets \
        a token carrying those rights.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[]
          | select((.spec.serviceAccountName // "default") == "default")
          | .metadata.namespace + "/" + .metadata.name'
        kubectl get serviceaccounts -A --field-selector metadata.name=default -o json | jq -r '.items[]
          | select(.automountServiceAccountToken != false) | .metadata.namespace'
        ```

        Compliant: both commands print nothing (or only reviewed exceptions).
        """,
      remediation: """
        Create a service account per application, set `serviceAccountName` in its pod template, bind only the \
        rights it needs, and switch off token mounting on every `default` account:

        ```
        kubectl create serviceaccount <app> -n <ns>
        kubectl patch serviceaccount default -n <ns> -p '{"automountServiceAccountToken": false}'
        ```
        """,
      impact: "Pods still on `default` that call the API lose their token until they move to their own account.",
      defaultValue: """
        Each namespace gets a `default` service account, used by pods that name none; its token is mounted unless \
        `automountServiceAccountToken` is `false`.
        """,
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
        https://kubernetes.io/docs/concepts/security/service-accounts/
        """
    ),
    "5.1.6": RuleText(
      description: """
        API tokens should be mounted only into pods that call the Kubernetes API: set \
        `automountServiceAccountToken: false` on ServiceAccounts and pod specs that do not need one.
        """,
      rationale: """
        A mounted token sits at `/var/run/secrets/kubernetes.io/serviceaccount/token` in every container of the \
        pod. Any code execution bug in the application hands it to an attacker, who can then use whatever RBAC \
        rights the account has, and probe the API server for more.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[]
          | select(.spec.automountServiceAccountToken != false)
          | .metadata.namespace + "/" + .metadata.name + " sa=" + (.spec.serviceAccountName // "default")'
        kubectl get serviceaccounts -A -o json | jq -r '.items[]
          | select(.automountServiceAccountToken != false) | .metadata.namespace + "/" + .metadata.name'
        ```

        Compliant: every pod and account listed actually needs API access.
        """,
      remediation: """
        On service accounts whose pods do not use the API:

        ```yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: <app>
        automountServiceAccountToken: false
        ```

        or set `automountServiceAccountToken: false` in the pod spec. The pod setting wins over the account's, so \
        a pod that needs a token can set it to `true`.
        """,
      impact: "Applications that read the token file without declaring it fail until the pod opts back in.",
      defaultValue: "Tokens are mounted: `automountServiceAccountToken` is treated as `true` when unset.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
        https://kubernetes.io/docs/concepts/security/service-accounts/
        """
    ),
  ]

  static let section52: [String: RuleText] = [
    "5.2.2": RuleText(
      description: """
        Containers (regular, init and ephemeral) should not run privileged: `securityContext.privileged` must not \
        be `true`.
        """,
      rationale: """
        A privileged container gets every capability and all host devices, and runs without most of the kernel's \
        confinement. Escaping to the node from it is trivial, for example by mounting the host disk.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[]
          | select([.spec.containers[], .spec.initContainers[]?, .spec.ephemeralContainers[]?]
              | any(.securityContext.privileged == true))
          | .metadata.namespace + "/" + .metadata.name'
        ```

        Compliant: nothing printed beyond reviewed system components.
        """,
      remediation: """
        Remove `privileged: true` and grant only the specific capability needed. Enforce it per namespace with Pod \
        Security Admission:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=baseline
        ```
        """,
      impact: """
        Node agents such as CNI plugins, CSI drivers and some monitoring tools need privilege; keep them in \
        dedicated namespaces labelled `enforce=privileged`.
        """,
      defaultValue: "`false`; no admission control blocks privileged pods unless you configure one.",
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/concepts/security/pod-security-admission/
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
        """
    ),
    "5.2.3": RuleText(
      description: """
        Pods should not share the host's process ID namespace: `spec.hostPID` must not be `true`.
        """,
      rationale: """
        With `hostPID` a container sees every process on the node. It can read their command lines and \
        environments, signal them and, running as root, `nsenter` into PID 1 to get a shell on the host.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | select(.spec.hostPID == true)
          | .metadata.namespace + "/" + .metadata.name'
        ```

        Compliant: nothing printed beyond reviewed system components.
        """,
      remediation: """
        Remove `hostPID: true` from pod specs, and enforce it per namespace:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=baseline
        ```
        """,
      impact: "Debugging and node-monitoring tools that inspect host processes need a privileged namespace.",
      defaultValue: "`false`.",
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/concepts/security/pod-security-admission/
        """
    ),
    "5.2.4": RuleText(
      description: """
        Pods should not share the host's IPC namespace: `spec.hostIPC` must not be `true`.
        """,
      rationale: """
        The host IPC namespace exposes System V shared memory, semaphores and message queues of host processes. \
        A container can read or corrupt data exchanged through them.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | select(.spec.hostIPC == true)
          | .metadata.namespace + "/" + .metadata.name'
        ```

        Compliant: nothing printed.
        """,
      remediation: """
        Remove `hostIPC: true` from pod specs, and enforce it per namespace:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=baseline
        ```
        """,
      impact: "Very few workloads need host IPC; those that do need a privileged namespace.",
      defaultValue: "`false`.",
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/concepts/security/pod-security-admission/
        """
    ),
    "5.2.5": RuleText(
      description: """
        Pods should not use the host's network namespace: `spec.hostNetwork` must not be `true`.
        """,
      rationale: """
        A host-network pod can bind host ports, reach services listening only on the node's loopback (such as \
        local control plane endpoints), observe node traffic if it holds `NET_RAW`, and is not subject to \
        NetworkPolicy.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | select(.spec.hostNetwork == true)
          | .metadata.namespace + "/" + .metadata.name'
        ```

        Compliant: only reviewed system pods are printed. On kubeadm the control plane static pods, kube-proxy \
        and most CNI agents in `kube-system` use the host network by design.
        """,
      remediation: """
        Remove `hostNetwork: true` from application pods and expose them through Services and an ingress \
        controller instead. Enforce it per namespace:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=baseline
        ```
        """,
      impact: "Network agents and ingress controllers that bind host ports need a privileged namespace.",
      defaultValue: "`false`.",
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/concepts/services-networking/network-policies/
        """
    ),
    "5.2.6": RuleText(
      description: """
        Containers (regular, init and ephemeral) should not allow privilege escalation: \
        `securityContext.allowPrivilegeEscalation` must not be `true`, and hardened workloads set it to `false`.
        """,
      rationale: """
        When escalation is allowed, a process can gain more privileges than its parent through setuid binaries or \
        file capabilities, turning a foothold as an unprivileged user into root inside the container. Setting it \
        to `false` sets the kernel's `no_new_privs` flag.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | . as $p
          | [.spec.containers[], .spec.initContainers[]?, .spec.ephemeralContainers[]?][]
          | select(.securityContext.allowPrivilegeEscalation != false)
          | $p.metadata.namespace + "/" + $p.metadata.name + " " + .name'
        ```

        Listed containers either set `true` (a finding) or leave it unset. Compliant: none sets `true`; \
        ideally none is listed.
        """,
      remediation: """
        In each container's securityContext:

        ```yaml
        securityContext:
          allowPrivilegeEscalation: false
        ```

        Enforce with `kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted`.
        """,
      impact: "Software that relies on setuid helpers (for example `sudo` or `ping` on some images) stops working.",
      defaultValue: """
        Unset, which allows escalation; it is always allowed for privileged containers or those with \
        `CAP_SYS_ADMIN`.
        """,
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        """
    ),
    "5.2.7": RuleText(
      description: """
        Containers should not run as root: set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod or \
        container securityContext; no container may set `runAsUser: 0`.
        """,
      rationale: """
        Unless user namespaces are in use, root in a container is root on the host kernel, held back only by \
        namespaces, capabilities and seccomp. Any container escape or misconfigured mount then gives full control \
        of the node.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | . as $p | .spec.containers[]
          | [$p.metadata.namespace + "/" + $p.metadata.name, .name,
             (.securityContext.runAsUser // $p.spec.securityContext.runAsUser // "image-default"),
             (.securityContext.runAsNonRoot // $p.spec.securityContext.runAsNonRoot // false)] | @tsv'
        ```

        Compliant: every line has a non-zero UID, or `true` in the last column.
        """,
      remediation: """
        Build images with a non-root `USER` and set, in the pod spec:

        ```yaml
        securityContext:
          runAsNonRoot: true
          runAsUser: 10001
          runAsGroup: 10001
        ```

        Enforce with `kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted`.
        """,
      impact: """
        Images that expect root (to bind ports below 1024 or write to root-owned paths) need changes; with \
        `runAsNonRoot` the kubelet refuses to start them.
        """,
      defaultValue: "Containers run as the image's `USER`, which is root for many images.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        """
    ),
    "5.2.8": RuleText(
      description: """
        Containers should drop the `NET_RAW` capability: `securityContext.capabilities.drop` should contain \
        `NET_RAW` or `ALL`.
        """,
      rationale: """
        `NET_RAW` lets a process open raw sockets and forge packets. From a compromised pod that enables ARP and \
        DNS spoofing against neighbours on the node's network and crafted traffic that bypasses normal socket \
        checks.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | . as $p | .spec.containers[]
          | select((.securityContext.capabilities.drop // []) | (index("ALL") or index("NET_RAW")) | not)
          | $p.metadata.namespace + "/" + $p.metadata.name + " " + .name'
        ```

        Compliant: nothing printed beyond reviewed exceptions.
        """,
      remediation: """
        In each container's securityContext:

        ```yaml
        securityContext:
          capabilities:
            drop: ["ALL"]
        ```

        (or at least `drop: ["NET_RAW"]`). Pod Security Admission's `restricted` level requires `ALL`.
        """,
      impact: "Tools that need raw sockets, such as `ping` or `tcpdump`, stop working in those containers.",
      defaultValue: "Containers get the runtime's default capabilities; containerd's set includes `NET_RAW`.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        """
    ),
    "5.2.9": RuleText(
      description: """
        Containers should not add Linux capabilities beyond the runtime defaults (`securityContext.capabilities.add` \
        empty). The benchmark phrases this as an admission policy that allows no added capabilities, which \
        PodSecurityPolicy expressed as an empty `allowedCapabilities`.
        """,
      rationale: """
        Capabilities such as `SYS_ADMIN`, `SYS_PTRACE` or `NET_ADMIN` each hand over part of root's power; several \
        are enough on their own to escape to the host or tamper with node networking.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | . as $p
          | [.spec.containers[], .spec.initContainers[]?][]
          | select((.securityContext.capabilities.add // []) | length > 0)
          | $p.metadata.namespace + "/" + $p.metadata.name + " " + .name'
        ```

        Compliant: nothing printed beyond reviewed exceptions.
        """,
      remediation: """
        Remove `capabilities.add` entries that are not essential. Enforce per namespace with Pod Security \
        Admission: `baseline` rejects capabilities outside a small default set, `restricted` allows adding only \
        `NET_BIND_SERVICE`:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted
        ```
        """,
      impact: "Workloads that truly need an extra capability must run in a namespace with a looser level.",
      defaultValue: "No capabilities are added; no admission control restricts `add` unless you configure one.",
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
        """
    ),
    "5.2.10": RuleText(
      description: """
        Containers should run with the fewest capabilities possible: drop all of them \
        (`securityContext.capabilities.drop: ["ALL"]`) and add back only those the application proves it needs.
        """,
      rationale: """
        The runtime's default set (14 capabilities on containerd, including `CHOWN`, `DAC_OVERRIDE`, `SETUID` and \
        `NET_RAW`) is far more than most applications use. Every spare capability is something an attacker can \
        use after exploiting the application.
        """,
      audit: """
        ```
        kubectl get pods -A -o json | jq -r '.items[] | . as $p | .spec.containers[]
          | select((.securityContext.capabilities.drop // []) | index("ALL") | not)
          | $p.metadata.namespace + "/" + $p.metadata.name + " " + .name'
        ```

        Compliant: nothing printed; containers that add capabilities do so on top of `drop: ["ALL"]`.
        """,
      remediation: """
        In each container's securityContext:

        ```yaml
        securityContext:
          capabilities:
            drop: ["ALL"]
            add: ["NET_BIND_SERVICE"]  # only if the process binds a port below 1024
        ```
        """,
      impact: """
        Applications whose start-up changes file ownership or user IDs (for example entrypoints that `chown` or \
        `su`) fail until adjusted; test each workload.
        """,
      defaultValue: "Containers get the container runtime's default capability set.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        """
    ),
  ]
}
