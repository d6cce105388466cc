// Rule prose for CIS Kubernetes sections 1.3 (kube-controller-manager) and 1.4 (kube-scheduler).
//
// Remediations assume kubeadm: both run as static pods from /etc/kubernetes/manifests/.

extension CISKubernetesTexts {
  static let section13: [String: RuleText] = [
    "1.3.2": RuleText(
      description: """
        The controller manager must run with `--profiling=false`, turning off its `/debug/pprof` endpoints.
        """,
      rationale: """
        Profiling handlers expose internal details of the process and can be driven to consume CPU and memory. \
        They are a debugging aid with no place in normal operation.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--profiling=[^ ]*'
        ```

        Compliant: `--profiling=false` is printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` add:

        ```
        - --profiling=false
        ```

        To keep it across `kubeadm upgrade`, add the flag to `controllerManager.extraArgs` in the kubeadm \
        ClusterConfiguration too.
        """,
      impact: "Profiling data is unavailable for troubleshooting until the flag is turned back on.",
      defaultValue: "`true`; kubeadm does not change it.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        """
    ),
    "1.3.3": RuleText(
      description: """
        The controller manager must run each controller under its own service account: \
        `--use-service-account-credentials=true`.
        """,
      rationale: """
        With the flag, each controller authenticates as `system:serviceaccount:kube-system:<controller>` and gets \
        only the rights of its `system:controller:*` role. Without it all controllers share the controller \
        manager's broad identity, so a flaw in any one of them carries the rights of all of them, and audit logs \
        cannot tell them apart.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--use-service-account-credentials=[^ ]*'
        ```

        Compliant: the value is `true`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` add:

        ```
        - --use-service-account-credentials=true
        ```

        The default RBAC roles for controllers exist when RBAC is enabled; custom authorizers must grant them.
        """,
      impact:
        "None with RBAC; with other authorizers controllers fail until their service accounts are granted rights.",
      defaultValue: "`false` on the bare binary; kubeadm sets `true`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        """
    ),
    "1.3.4": RuleText(
      description: """
        The controller manager must be given the service account signing key with \
        `--service-account-private-key-file`.
        """,
      rationale: """
        The controller manager's token controller signs the tokens it writes into service account token Secrets \
        with this key. Setting it explicitly keeps the signing key separate from serving certificates and matched \
        to the public key(s) the API server verifies with, so that keys can be rotated on purpose.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--service-account-private-key-file=[^ ]*'
        ```

        Compliant: the flag is printed with a key path.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` add:

        ```
        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
        ```

        Its public half must be listed in the API server's `--service-account-key-file` (rule 1.2.25).
        """,
      impact: "None when the key pair matches; a mismatch makes the API server reject the issued tokens.",
      defaultValue: "Not set on the bare binary; kubeadm sets `/etc/kubernetes/pki/sa.key`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
        https://kubernetes.io/docs/setup/best-practices/certificates/
        """
    ),
    "1.3.5": RuleText(
      description: """
        The controller manager must be given the cluster CA bundle with `--root-ca-file`.
        """,
      rationale: """
        This bundle is published to pods (as `ca.crt` beside their service account token and in the \
        `kube-root-ca.crt` ConfigMap) so they can verify the API server's certificate. Without it pods cannot \
        validate the server they talk to and are open to man-in-the-middle attacks, or are pushed to disable TLS \
        verification.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--root-ca-file=[^ ]*'
        ```

        Compliant: the flag is printed with a CA path.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` add:

        ```
        - --root-ca-file=/etc/kubernetes/pki/ca.crt
        ```
        """,
      impact: "None.",
      defaultValue: "Not set on the bare binary; kubeadm sets `/etc/kubernetes/pki/ca.crt`.",
      references: """
        https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        """
    ),
    "1.3.6": RuleText(
      description: """
        The `RotateKubeletServerCertificate` feature gate must be enabled on the controller manager; it must not \
        be set to `false` in `--feature-gates`.
        """,
      rationale: """
        This gate guards serving certificate rotation for kubelets. Keeping it on across the control plane and the \
        kubelets (rule 4.2.12) lets kubelets obtain and renew CA-signed serving certificates through the \
        certificates API instead of living on long-lived self-signed ones that the API server cannot verify.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--feature-gates=[^ ]*'
        ```

        Compliant: the flag is absent, or it contains `RotateKubeletServerCertificate=true` and not `=false`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` remove \
        `RotateKubeletServerCertificate=false` from `--feature-gates`, or set it explicitly:

        ```
        - --feature-gates=RotateKubeletServerCertificate=true
        ```

        Serving certificate CSRs from kubelets (`kubernetes.io/kubelet-serving`) still need approval, by an \
        operator or an approver you deploy.
        """,
      impact: "None.",
      defaultValue: "Enabled (beta, on by default since 1.12); kubeadm does not set it.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/
        https://kubernetes.io/docs/tasks/tls/certificate-rotation/
        """
    ),
    "1.3.7": RuleText(
      description: """
        The controller manager must listen only on loopback: `--bind-address=127.0.0.1`.
        """,
      rationale: """
        Its secure port (10257) serves health, metrics and, unless disabled, profiling. Exposing it on all \
        interfaces gives anyone on the network an extra target and an information source that does not need to \
        be reachable from outside the node.
        """,
      audit: """
        ```
        pgrep -a kube-controller | grep -o -- '--bind-address=[^ ]*'
        ss -ltnp | grep 10257
        ```

        Compliant: `--bind-address=127.0.0.1` and the listener is on `127.0.0.1:10257`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-controller-manager.yaml` set:

        ```
        - --bind-address=127.0.0.1
        ```

        Keep the liveness and startup probes pointing at `127.0.0.1`.
        """,
      impact: "Metrics can no longer be scraped from other hosts; scrape through a local proxy or agent instead.",
      defaultValue: "`0.0.0.0` on the bare binary; kubeadm sets `127.0.0.1`.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        https://kubernetes.io/docs/reference/networking/ports-and-protocols/
        """
    ),
  ]

  static let section14: [String: RuleText] = [
    "1.4.1": RuleText(
      description: """
        The scheduler must run with profiling off: `--profiling=false` (or `enableProfiling: false` in its \
        KubeSchedulerConfiguration file).
        """,
      rationale: """
        The `/debug/pprof` handlers expose process internals and can be abused to burn CPU and memory on the \
        control plane. They are only needed while debugging.
        """,
      audit: """
        ```
        pgrep -a kube-scheduler | grep -o -- '--profiling=[^ ]*'
        ```

        Compliant: `--profiling=false` is printed (or the `--config` file sets `enableProfiling: false`).
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-scheduler.yaml` add:

        ```
        - --profiling=false
        ```

        To keep it across `kubeadm upgrade`, add the flag to `scheduler.extraArgs` in the kubeadm \
        ClusterConfiguration too.
        """,
      impact: "Profiling data is unavailable for troubleshooting until the flag is turned back on.",
      defaultValue: "`true`; kubeadm does not change it.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
        https://kubernetes.io/docs/reference/config-api/kube-scheduler-config.v1/
        """
    ),
    "1.4.2": RuleText(
      description: """
        The scheduler must listen only on loopback: `--bind-address=127.0.0.1`.
        """,
      rationale: """
        The scheduler's secure port (10259) serves health, metrics and possibly profiling. It does not need to be \
        reachable from other machines, and exposing it widens the attack surface of the control plane.
        """,
      audit: """
        ```
        pgrep -a kube-scheduler | grep -o -- '--bind-address=[^ ]*'
        ss -ltnp | grep 10259
        ```

        Compliant: `--bind-address=127.0.0.1` and the listener is on `127.0.0.1:10259`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/kube-scheduler.yaml` set:

        ```
        - --bind-address=127.0.0.1
        ```

        Keep the liveness and startup probes pointing at `127.0.0.1`.
        """,
      impact: "Metrics can no longer be scraped from other hosts; scrape through a local proxy or agent instead.",
      defaultValue: "`0.0.0.0` on the bare binary; kubeadm sets `127.0.0.1`.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
        https://kubernetes.io/docs/reference/networking/ports-and-protocols/
        """
    ),
  ]
}
