// Rule prose for CIS Kubernetes section 1.2: kube-apiserver flags.
//
// Remediations assume kubeadm: the API server is a static pod defined by
// /etc/kubernetes/manifests/kube-apiserver.yaml, restarted by the kubelet when the file changes.

extension CISKubernetesTexts {
  static let section12: [String: RuleText] = [
    "1.2.2": RuleText(
      description: """
        The API server must not be started with `--token-auth-file`, which loads static bearer tokens from a CSV \
        file.
        """,
      rationale: """
        Static tokens sit in clear text on the control plane disk, never expire and can only be changed or revoked \
        by editing the file and restarting the API server. A leaked token therefore stays valid indefinitely.
        """,
      audit: """
        On each control plane node:

        ```
        pgrep -a kube-apiserver | grep -o -- '--token-auth-file[^ ]*'
        ```

        Compliant: nothing is printed.
        """,
      remediation: """
        Move users to client certificates, OIDC or a webhook authenticator, and workloads to service account \
        tokens. Then remove the `--token-auth-file=...` line from `/etc/kubernetes/manifests/kube-apiserver.yaml` \
        (and from `apiServer.extraArgs` in the kubeadm ClusterConfiguration, if present) and delete the token file.
        """,
      impact: "Clients that authenticate with static tokens lose access until they are given another credential.",
      defaultValue: "Not set; kubeadm does not set it.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/authentication/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.4": RuleText(
      description: """
        The API server must talk to kubelets over HTTPS; the old `--kubelet-https` flag must not be set to `false`.
        """,
      rationale: """
        Requests from the API server to kubelets carry `exec`, `attach`, `logs` and `port-forward` traffic. Over \
        plain HTTP that traffic, including anything typed into a shell, can be read or altered on the network.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--kubelet-https[^ ]*'
        ```

        Compliant: nothing is printed, or the value is `true`. On Kubernetes 1.20 and later the flag no longer \
        exists and HTTPS is always used.
        """,
      remediation: """
        Remove `--kubelet-https=false` from `/etc/kubernetes/manifests/kube-apiserver.yaml`. On 1.20 and later \
        remove the flag entirely, since the API server rejects unknown flags.
        """,
      impact: "None.",
      defaultValue: "`true` while the flag existed; it was removed in 1.20 and HTTPS is now always used.",
      references: """
        https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.5": RuleText(
      description: """
        The API server must present a client certificate to kubelets: both `--kubelet-client-certificate` and \
        `--kubelet-client-key` must be set.
        """,
      rationale: """
        Without a client certificate the API server reaches kubelets as an anonymous user. Kubelets then either \
        refuse it (breaking `logs` and `exec`) or must be opened to anonymous callers, which leaves every node's \
        API one authorization mistake away from anyone who can reach port 10250.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--kubelet-client-[a-z]*=[^ ]*'
        ```

        Compliant: both flags are printed with file paths.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
        ```

        The certificate must be signed by the CA that kubelets trust (`--client-ca-file` on the kubelet) and its \
        identity needs RBAC rights on the `nodes/*` subresources (kubeadm binds it to `system:kubelet-api-admin`).
        """,
      impact: "None when the certificate is valid; a wrong certificate breaks `kubectl logs`, `exec` and metrics.",
      defaultValue: "Not set on the bare binary; kubeadm sets both to the `apiserver-kubelet-client` pair.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.2.6": RuleText(
      description: """
        The API server must verify kubelet serving certificates: `--kubelet-certificate-authority` must point to \
        the CA that signed them.
        """,
      rationale: """
        Without it the API server accepts any certificate a kubelet endpoint presents. An attacker who can intercept \
        or redirect traffic to a node (for example on an untrusted network) can impersonate the kubelet and read \
        or alter `exec`, `attach` and `logs` sessions.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--kubelet-certificate-authority=[^ ]*'
        ```

        Compliant: the flag is printed with a CA file path.
        """,
      remediation: """
        First give every kubelet a serving certificate signed by the cluster CA: set `serverTLSBootstrap: true` in \
        `/var/lib/kubelet/config.yaml`, restart the kubelet and approve the CSRs (`kubectl get csr`, \
        `kubectl certificate approve <name>`). Then add to `/etc/kubernetes/manifests/kube-apiserver.yaml`:

        ```
        - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
        ```
        """,
      impact: """
        If any kubelet still serves its default self-signed certificate, `kubectl logs`, `exec`, `port-forward` \
        and metrics for that node fail with TLS errors.
        """,
      defaultValue:
        "Not set; kubeadm does not set it because kubelets use self-signed serving certificates by default.",
      references: """
        https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        """
    ),
    "1.2.7": RuleText(
      description: """
        The API server's `--authorization-mode` must not include `AlwaysAllow`.
        """,
      rationale: """
        `AlwaysAllow` approves every request from every authenticated user (and from anonymous users if anonymous \
        auth is on), so any credential at all grants full control of the cluster.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--authorization-mode=[^ ]*'
        ```

        Compliant: the value lists real authorizers such as `Node,RBAC` and not `AlwaysAllow`. If the API server \
        uses `--authorization-config` instead, check that file for an `AlwaysAllow` entry.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` set:

        ```
        - --authorization-mode=Node,RBAC
        ```

        Make sure RBAC bindings exist for every user and workload that needs access before switching.
        """,
      impact: "Anyone relying on the open policy is denied until RBAC grants them what they need.",
      defaultValue: "`AlwaysAllow` on the bare binary; kubeadm sets `Node,RBAC`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/authorization/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.8": RuleText(
      description: """
        The API server's `--authorization-mode` must include `Node`.
        """,
      rationale: """
        The Node authorizer limits each kubelet to reading the Secrets, ConfigMaps and volumes of pods scheduled to \
        its own node. Without it kubelets need broad rights, so one compromised node can read every Secret in the \
        cluster.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--authorization-mode=[^ ]*'
        ```

        Compliant: `Node` is one of the comma-separated values.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` set `--authorization-mode=Node,RBAC` and enable the \
        `NodeRestriction` admission plugin alongside it (rule 1.2.16). Kubelets must authenticate with credentials \
        in the `system:nodes` group and a `system:node:<nodeName>` username, as kubeadm arranges.
        """,
      impact: "None on kubeadm clusters; kubelets with non-standard identities lose access.",
      defaultValue: "Not included on the bare binary (default is `AlwaysAllow`); kubeadm sets `Node,RBAC`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/node/
        https://kubernetes.io/docs/reference/access-authn-authz/authorization/
        """
    ),
    "1.2.9": RuleText(
      description: """
        The API server's `--authorization-mode` must include `RBAC`.
        """,
      rationale: """
        RBAC lets you grant each user and service account only the verbs and resources it needs. Without it the \
        cluster falls back to coarse or open policies and a stolen credential usually means full access.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--authorization-mode=[^ ]*'
        ```

        Compliant: `RBAC` is one of the comma-separated values.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` set:

        ```
        - --authorization-mode=Node,RBAC
        ```

        Create Roles/ClusterRoles and bindings for existing users and workloads first.
        """,
      impact: "Subjects without an RBAC grant are denied; plan the roles before enabling.",
      defaultValue: "Not included on the bare binary (default is `AlwaysAllow`); kubeadm sets `Node,RBAC`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/rbac/
        https://kubernetes.io/docs/concepts/security/rbac-good-practices/
        """
    ),
    "1.2.10": RuleText(
      description: """
        The `EventRateLimit` admission plugin should be listed in `--enable-admission-plugins`, with limits defined \
        in the file given by `--admission-control-config-file`.
        """,
      rationale: """
        Any client allowed to create Events, including every kubelet and many controllers, can flood the API \
        server and etcd with them. A rate limit keeps a misbehaving or malicious source from degrading the control \
        plane for everyone.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins=[^ ]*'
        pgrep -a kube-apiserver | grep -o -- '--admission-control-config-file=[^ ]*'
        ```

        Compliant: `EventRateLimit` is in the list and the config file contains an `EventRateLimit` entry.
        """,
      remediation: """
        Create `/etc/kubernetes/admission/admission-config.yaml`:

        ```yaml
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: EventRateLimit
          configuration:
            apiVersion: eventratelimit.admission.k8s.io/v1alpha1
            kind: Configuration
            limits:
            - type: Namespace
              qps: 50
              burst: 100
            - type: User
              qps: 10
              burst: 50
        ```

        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add `EventRateLimit` to `--enable-admission-plugins`, \
        add `--admission-control-config-file=/etc/kubernetes/admission/admission-config.yaml`, and mount \
        `/etc/kubernetes/admission` into the pod with a read-only `hostPath` volume.
        """,
      impact: """
        Events over the limit are rejected with HTTP 429 and lost. Tune the limits to your cluster size so that \
        normal event volume is not dropped.
        """,
      defaultValue: "Not enabled; kubeadm enables only `NodeRestriction` beyond the built-in defaults.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#eventratelimit
        https://kubernetes.io/docs/reference/config-api/apiserver-eventratelimit.v1alpha1/
        """
    ),
    "1.2.11": RuleText(
      description: """
        The `AlwaysAdmit` admission plugin must not be listed in `--enable-admission-plugins`.
        """,
      rationale: """
        `AlwaysAdmit` is a deprecated placeholder that accepts every request without inspection. Its presence \
        suggests admission control was meant to be bypassed, and it adds nothing but confusion next to real \
        policy plugins.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins=[^ ]*'
        ```

        Compliant: the flag is absent or its list does not contain `AlwaysAdmit`.
        """,
      remediation: """
        Remove `AlwaysAdmit` from `--enable-admission-plugins` in `/etc/kubernetes/manifests/kube-apiserver.yaml`.
        """,
      impact: "None.",
      defaultValue: "Not enabled.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
        """
    ),
    "1.2.12": RuleText(
      description: """
        The `AlwaysPullImages` admission plugin should be listed in `--enable-admission-plugins`, forcing every new \
        pod's `imagePullPolicy` to `Always`.
        """,
      rationale: """
        Once a private image is cached on a node, any pod scheduled there can start it with `IfNotPresent`, even \
        from a namespace that has no pull secret for that registry. Forcing a pull makes the registry check the \
        pod's credentials every time.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins=[^ ]*'
        ```

        Compliant: `AlwaysPullImages` is in the list.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add it to the list, for example:

        ```
        - --enable-admission-plugins=NodeRestriction,AlwaysPullImages
        ```
        """,
      impact: """
        Every pod start contacts the registry: more traffic, slower starts, and pods cannot start while the \
        registry is unreachable. Static pods and images preloaded for air-gapped nodes are affected too.
        """,
      defaultValue: "Not enabled.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages
        https://kubernetes.io/docs/concepts/containers/images/
        """
    ),
    "1.2.13": RuleText(
      description: """
        Pods must be screened at admission for dangerous security settings. The benchmark asks for the \
        `SecurityContextDeny` admission plugin when `PodSecurityPolicy` is not used; on current Kubernetes, \
        where both are gone, the equivalent control is Pod Security Admission with namespace labels.
        """,
      rationale: """
        Without an admission control on pod security settings, anyone who can create a pod can request privileged \
        mode, host namespaces or root, and escape to the node.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins=[^ ]*'
        kubectl get namespaces -L pod-security.kubernetes.io/enforce
        ```

        Compliant: `SecurityContextDeny` or `PodSecurityPolicy` is listed (older clusters), or on current \
        clusters every workload namespace enforces `baseline` or `restricted`.
        """,
      remediation: """
        On clusters that still ship it (up to 1.29), add `SecurityContextDeny` to `--enable-admission-plugins` in \
        `/etc/kubernetes/manifests/kube-apiserver.yaml`. The better and current approach is Pod Security \
        Admission, which is on by default:

        ```
        kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted
        ```
        """,
      impact: """
        `SecurityContextDeny` rejects any pod that sets fields such as `runAsUser` or `seLinuxOptions`, even to \
        safer values, so it breaks many hardened workloads. Pod Security Admission rejects only pods that break \
        the chosen level.
        """,
      defaultValue: """
        Neither plugin is enabled. `PodSecurityPolicy` was removed in 1.25; `SecurityContextDeny` was deprecated \
        in 1.27 and removed in 1.30. Pod Security Admission is enabled by default from 1.23 (GA in 1.25).
        """,
      references: """
        https://kubernetes.io/docs/concepts/security/pod-security-admission/
        https://kubernetes.io/docs/concepts/security/pod-security-standards/
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
        """
    ),
    "1.2.14": RuleText(
      description: """
        The `ServiceAccount` admission plugin must stay active: it must not appear in `--disable-admission-plugins`.
        """,
      rationale: """
        The plugin gives pods without a service account the namespace's `default` account, rejects pods that name \
        a service account that does not exist, and injects the projected API token volume. Disabling it lets pods \
        run under identities that nobody created or reviewed.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--disable-admission-plugins=[^ ]*'
        ```

        Compliant: the flag is absent or its list does not contain `ServiceAccount`.
        """,
      remediation: """
        Remove `ServiceAccount` from `--disable-admission-plugins` in \
        `/etc/kubernetes/manifests/kube-apiserver.yaml` (drop the flag if the list becomes empty).
        """,
      impact: "None; this is the normal configuration.",
      defaultValue: "Enabled by default.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#serviceaccount
        https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
        """
    ),
    "1.2.15": RuleText(
      description: """
        The `NamespaceLifecycle` admission plugin must stay active: it must not appear in \
        `--disable-admission-plugins`.
        """,
      rationale: """
        The plugin refuses new objects in namespaces that do not exist or are being deleted, and stops anyone from \
        deleting `default`, `kube-system` and `kube-public`. Without it, objects can be created in a namespace \
        mid-deletion and escape cleanup, and core namespaces can be removed.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--disable-admission-plugins=[^ ]*'
        ```

        Compliant: the flag is absent or its list does not contain `NamespaceLifecycle`.
        """,
      remediation: """
        Remove `NamespaceLifecycle` from `--disable-admission-plugins` in \
        `/etc/kubernetes/manifests/kube-apiserver.yaml` (drop the flag if the list becomes empty).
        """,
      impact: "None; this is the normal configuration.",
      defaultValue: "Enabled by default.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#namespacelifecycle
        https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
        """
    ),
    "1.2.16": RuleText(
      description: """
        The `NodeRestriction` admission plugin must be listed in `--enable-admission-plugins`.
        """,
      rationale: """
        It restricts each kubelet to modifying its own Node object and the pods bound to it, and stops kubelets \
        from setting `node-restriction.kubernetes.io/` labels used to steer sensitive workloads. Without it a \
        compromised node can relabel or taint other nodes and attract pods it should never see.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins=[^ ]*'
        ```

        Compliant: `NodeRestriction` is in the list.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` include it, for example \
        `--enable-admission-plugins=NodeRestriction`, and keep `Node` in `--authorization-mode`.
        """,
      impact: "None on kubeadm clusters; tools that edit other nodes using kubelet credentials stop working.",
      defaultValue: "Not in the binary's default set; kubeadm enables it.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction
        https://kubernetes.io/docs/reference/access-authn-authz/node/
        """
    ),
    "1.2.17": RuleText(
      description: """
        The API server's `--secure-port` must not be `0`.
        """,
      rationale: """
        Port `0` turns off the HTTPS listener. On old releases that left only the unauthenticated insecure port; \
        on any release it removes TLS, authentication and authorization from API traffic.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--secure-port=[^ ]*'
        ```

        Compliant: the flag is absent or set to a non-zero port (kubeadm uses `6443`).
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` remove `--secure-port=0` or set a real port, e.g. \
        `--secure-port=6443`, and keep the liveness probes on the same port.
        """,
      impact: "None.",
      defaultValue: "`6443`; kubeadm sets `6443`.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        https://kubernetes.io/docs/concepts/security/controlling-access/
        """
    ),
    "1.2.18": RuleText(
      description: """
        The API server must run with `--profiling=false`, turning off the `/debug/pprof` endpoints.
        """,
      rationale: """
        The profiling handlers reveal internal details of the running process and can be used to make it spend \
        CPU and memory on traces. They are only needed while debugging performance.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--profiling=[^ ]*'
        ```

        Compliant: `--profiling=false` is printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --profiling=false
        ```

        To keep it across `kubeadm upgrade`, add the same flag to `apiServer.extraArgs` in the kubeadm \
        ClusterConfiguration as well.
        """,
      impact: "Profiling data is no longer available for troubleshooting until the flag is turned back on.",
      defaultValue: "`true`; kubeadm does not change it.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.19": RuleText(
      description: """
        API audit logging must be on: `--audit-log-path` must name a log file, together with an \
        `--audit-policy-file` that selects what is recorded.
        """,
      rationale: """
        Audit records are the only trail of who did what through the API: who read which Secret, who created a \
        privileged pod, who changed an RBAC binding. Without them an incident cannot be reconstructed.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--audit-[a-z-]*=[^ ]*'
        ```

        Compliant: `--audit-log-path` and `--audit-policy-file` are both present.
        """,
      remediation: """
        Create `/etc/kubernetes/audit-policy.yaml` (start with `level: Metadata` for all requests and refine):

        ```yaml
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: Metadata
        ```

        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add \
        `--audit-policy-file=/etc/kubernetes/audit-policy.yaml` and \
        `--audit-log-path=/var/log/kubernetes/audit/audit.log`, and mount both paths with `hostPath` volumes (the \
        policy read-only, the log directory read-write).
        """,
      impact: "More disk use and some API latency; size rotation with rules 1.2.20 to 1.2.22.",
      defaultValue: "Not set: no audit log is written.",
      references: """
        https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
        https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/
        """
    ),
    "1.2.20": RuleText(
      description: """
        The API server should keep rotated audit log files for at least 30 days: `--audit-log-maxage=30` or more.
        """,
      rationale: """
        Intrusions are often found weeks after they start. Keeping a month of audit history on the node lets you \
        trace what happened even if central log shipping failed.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--audit-log-maxage=[^ ]*'
        ```

        Compliant: a value of `30` or more.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --audit-log-maxage=30
        ```
        """,
      impact: "Disk space on the control plane nodes must cover the retained files.",
      defaultValue: "Not set, so rotated files are not removed by age.",
      references: """
        https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.21": RuleText(
      description: """
        The API server should keep at least 10 rotated audit log files: `--audit-log-maxbackup=10` or more.
        """,
      rationale: """
        With too few backups, a burst of activity (or an attacker generating noise on purpose) rotates the \
        evidence you need out of existence.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--audit-log-maxbackup=[^ ]*'
        ```

        Compliant: a value of `10` or more.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --audit-log-maxbackup=10
        ```
        """,
      impact: "Disk space must cover the retained files.",
      defaultValue: "Not set, so rotated files are not removed by count.",
      references: """
        https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.22": RuleText(
      description: """
        The API server should rotate the audit log at a size of at least 100 MB: `--audit-log-maxsize=100` or \
        more.
        """,
      rationale: """
        A deliberate size limit, together with the age and backup limits, makes retention predictable: enough \
        history is kept and the log cannot fill the control plane disk.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--audit-log-maxsize=[^ ]*'
        ```

        Compliant: a value of `100` (megabytes) or more.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --audit-log-maxsize=100
        ```
        """,
      impact: "Disk space must cover `maxsize` times `maxbackup`.",
      defaultValue: "Not set.",
      references: """
        https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.23": RuleText(
      description: """
        The API server's `--request-timeout`, the limit on how long an ordinary (non-watch) request may run, \
        should be left at its 60s default or set deliberately to a value the cluster needs.
        """,
      rationale: """
        A very long timeout lets slow or stalled clients hold connections and memory in the API server, which an \
        attacker can exploit to exhaust it; a too short one breaks large list requests. Pick a value on purpose.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--request-timeout=[^ ]*'
        ```

        Compliant: the flag is absent (60s) or set to a reasoned value such as `60s` to a few minutes.
        """,
      remediation: """
        Only if large requests time out, raise it in `/etc/kubernetes/manifests/kube-apiserver.yaml`, e.g. \
        `--request-timeout=300s`; otherwise remove any extreme value.
        """,
      impact: "Too short a value causes large LIST requests to fail.",
      defaultValue: "`60s`; kubeadm does not change it.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.24": RuleText(
      description: """
        The API server must check that a service account still exists when it validates its token: \
        `--service-account-lookup` must not be `false`.
        """,
      rationale: """
        Without the lookup, a token signed for a service account stays valid after the account or its token \
        Secret is deleted, until the token expires (never, for legacy Secret tokens). Deleting a compromised \
        account would then not cut off the attacker.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--service-account-lookup=[^ ]*'
        ```

        Compliant: the flag is absent or `true`.
        """,
      remediation: """
        Remove `--service-account-lookup=false` from `/etc/kubernetes/manifests/kube-apiserver.yaml`, or set it to \
        `true`.
        """,
      impact: "A small amount of extra etcd/cache load per token check.",
      defaultValue: "`true`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.25": RuleText(
      description: """
        The API server must be given the public key(s) that verify service account tokens with \
        `--service-account-key-file`.
        """,
      rationale: """
        An explicit key file decouples token signing from the serving certificate, lets you list several keys to \
        rotate the signing key without invalidating live tokens, and ensures the key matches the private key the \
        controller manager and token issuer use.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--service-account-[a-z-]*=[^ ]*'
        ```

        Compliant: `--service-account-key-file` is present (kubeadm: `/etc/kubernetes/pki/sa.pub`).
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --service-account-key-file=/etc/kubernetes/pki/sa.pub
        ```

        It must match `--service-account-signing-key-file` on the API server and \
        `--service-account-private-key-file` on the controller manager.
        """,
      impact: "None when the keys match; a mismatched key rejects every service account token.",
      defaultValue: "Not set; the binary then falls back to the TLS serving key. kubeadm sets `sa.pub`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.2.26": RuleText(
      description: """
        The API server must authenticate to etcd with a client certificate: both `--etcd-certfile` and \
        `--etcd-keyfile` must be set.
        """,
      rationale: """
        etcd holds all cluster state. If it accepts connections without client certificates, anything that can \
        reach port 2379 can read every Secret or rewrite any object, bypassing the API server entirely.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--etcd-[a-z]*file=[^ ]*'
        ```

        Compliant: both flags are printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
        - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
        ```

        etcd must require and verify client certificates (rules 2.1 and 2.2).
        """,
      impact: "None when etcd trusts the client certificate's CA.",
      defaultValue: "Not set on the bare binary; kubeadm sets the `apiserver-etcd-client` pair.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.2.27": RuleText(
      description: """
        The API server must serve HTTPS with a certificate you issued: both `--tls-cert-file` and \
        `--tls-private-key-file` must be set.
        """,
      rationale: """
        If they are missing the API server creates a throwaway self-signed certificate that clients cannot \
        verify, which trains users to skip verification and opens the door to man-in-the-middle attacks.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--tls-[a-z-]*file=[^ ]*'
        ```

        Compliant: both flags are printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
        ```
        """,
      impact: "None.",
      defaultValue: """
        Not set on the bare binary (a self-signed pair is generated in `--cert-dir`); kubeadm sets the \
        `apiserver` pair signed by the cluster CA.
        """,
      references: """
        https://kubernetes.io/docs/setup/best-practices/certificates/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.2.28": RuleText(
      description: """
        The API server must be given `--client-ca-file`, the CA bundle used to verify client certificates.
        """,
      rationale: """
        Without it, client certificate authentication is off. Kubelets, control plane components and \
        administrators that rely on certificates cannot be authenticated, which pushes operators towards weaker \
        schemes such as static tokens or anonymous access.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--client-ca-file=[^ ]*'
        ```

        Compliant: the flag is printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
        ```
        """,
      impact: "None.",
      defaultValue: "Not set on the bare binary; kubeadm sets `/etc/kubernetes/pki/ca.crt`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/authentication/#x509-client-certificates
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.2.29": RuleText(
      description: """
        The API server must verify etcd's serving certificate against the CA given by `--etcd-cafile`.
        """,
      rationale: """
        Without a CA to check against, the API server cannot tell real etcd from an impostor and could send its \
        client credentials and all cluster data to an attacker on the network path.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--etcd-cafile=[^ ]*'
        ```

        Compliant: the flag is printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
        ```
        """,
      impact: "None.",
      defaultValue: "Not set on the bare binary; kubeadm sets `/etc/kubernetes/pki/etcd/ca.crt`.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.2.32": RuleText(
      description: """
        The API server should offer only strong TLS cipher suites, set explicitly with `--tls-cipher-suites`.
        """,
      rationale: """
        Left to defaults, the server may negotiate suites without forward secrecy or with CBC-mode weaknesses for \
        old clients. Limiting TLS 1.2 to AEAD suites with ECDHE key exchange protects recorded traffic even if a \
        key leaks later.
        """,
      audit: """
        ```
        pgrep -a kube-apiserver | grep -o -- '--tls-cipher-suites=[^ ]*'
        ```

        Compliant: the flag is present and lists only strong suites.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-apiserver.yaml` add:

        ```
        - --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,\
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
        ```

        The flag governs TLS 1.2 and below; TLS 1.3 suites are fixed by Go and always strong.
        """,
      impact: "Very old clients that support none of the listed suites can no longer connect.",
      defaultValue: "Not set: Go's default suite list is used.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        https://pkg.go.dev/crypto/tls#pkg-constants
        """
    ),
  ]
}
