// Rule prose for CIS Kubernetes section 4: worker node files (4.1) and kubelet settings (4.2).
//
// Kubelet rules name both the command-line flag and the KubeletConfiguration field. A flag given on the command
// line wins over the config file. On kubeadm nodes the config file is /var/lib/kubelet/config.yaml, extra flags live
// in /var/lib/kubelet/kubeadm-flags.env, and the cluster-wide source of the config is the kube-system/kubelet-config
// ConfigMap.

extension CISKubernetesTexts {
  static let section41: [String: RuleText] = [
    "4.1.1": RuleText(
      description: """
        The kubelet's systemd unit drop-in, `10-kubeadm.conf` (under `/usr/lib/systemd/system/kubelet.service.d/` \
        or `/etc/systemd/system/kubelet.service.d/`), must have mode `644` or stricter.
        """,
      rationale: """
        The drop-in decides how the kubelet is started, with which flags and config file, as root. A user who can \
        write it can add flags such as `--anonymous-auth=true` or `--authorization-mode=AlwaysAllow`, or run a \
        different binary, at the next restart.
        """,
      audit: """
        Find the file with `systemctl cat kubelet`, then:

        ```
        stat -c '%a %U:%G %n' /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf
        ```

        Compliant output shows `644` or stricter.
        """,
      remediation: """
        ```
        chmod 644 /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf
        ```

        (Use the path `systemctl cat kubelet` reports.)
        """,
      impact: "None.",
      defaultValue: "The kubeadm packages install the drop-in with mode `644`, owned by `root:root`.",
      references: """
        https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
    "4.1.2": RuleText(
      description: """
        The kubelet's systemd unit drop-in, `10-kubeadm.conf`, must be owned by `root:root`.
        """,
      rationale: """
        Whoever owns the file can change its mode and content, and so control how the root-privileged kubelet \
        starts.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf
        ```

        Compliant output starts with `root:root` (use the path `systemctl cat kubelet` reports).
        """,
      remediation: """
        ```
        chown root:root /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf
        ```
        """,
      impact: "None.",
      defaultValue: "Installed as `root:root` by the kubeadm packages.",
      references: """
        https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
        """
    ),
    "4.1.5": RuleText(
      description: """
        The kubelet's kubeconfig (its `--kubeconfig`, `/etc/kubernetes/kubelet.conf` on kubeadm) must have mode \
        `644` or stricter.
        """,
      rationale: """
        The file tells the kubelet which API server to trust and which credentials to use. If others can write \
        it, they can point the kubelet at a rogue API server that hands it malicious pods, or swap its identity.
        """,
      audit: """
        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/kubelet.conf
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        ```
        chmod 600 /etc/kubernetes/kubelet.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the file with mode `600`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
        """
    ),
    "4.1.6": RuleText(
      description: """
        The kubelet's kubeconfig (`/etc/kubernetes/kubelet.conf` on kubeadm) must be owned by `root:root`.
        """,
      rationale: """
        A non-root owner could read the node's credentials or loosen the mode and redirect the kubelet.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /etc/kubernetes/kubelet.conf
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /etc/kubernetes/kubelet.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the file as `root:root`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        """
    ),
    "4.1.9": RuleText(
      description: """
        The kubelet configuration file given by `--config` (`/var/lib/kubelet/config.yaml` on kubeadm) must have \
        mode `644` or stricter.
        """,
      rationale: """
        Most kubelet security settings live in this file: authentication, authorization, read-only port, TLS. A \
        user who can write it can switch all of them off at the next kubelet restart.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--config[= ][^ ]*'
        stat -c '%a %U:%G %n' /var/lib/kubelet/config.yaml
        ```

        Compliant output shows `644` or stricter.
        """,
      remediation: """
        ```
        chmod 644 /var/lib/kubelet/config.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the file with mode `644`.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "4.1.10": RuleText(
      description: """
        The kubelet configuration file given by `--config` (`/var/lib/kubelet/config.yaml` on kubeadm) must be \
        owned by `root:root`.
        """,
      rationale: """
        A non-root owner can change the file's mode and rewrite the kubelet's security settings.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /var/lib/kubelet/config.yaml
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /var/lib/kubelet/config.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the file as `root:root`.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/
        """
    ),
  ]

  static let section42: [String: RuleText] = [
    "4.2.1": RuleText(
      description: """
        The kubelet must reject unauthenticated requests: `--anonymous-auth=false`, or \
        `authentication.anonymous.enabled: false` in the KubeletConfiguration.
        """,
      rationale: """
        With anonymous access on, anyone who can reach port 10250 is treated as `system:anonymous`. Combined with \
        a permissive authorization mode that means running commands in any pod on the node; even with webhook \
        authorization it exposes an endpoint that needs no credentials at all.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--anonymous-auth=[^ ]*'
        grep -A2 anonymous /var/lib/kubelet/config.yaml
        ```

        Compliant: the flag is `false`, or the flag is absent and the file has `enabled: false` under \
        `authentication.anonymous`.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set:

        ```yaml
        authentication:
          anonymous:
            enabled: false
        ```

        Remove any `--anonymous-auth=true` flag, then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Clients must authenticate to the kubelet; the API server does so with its kubelet client certificate.",
      defaultValue: """
        The flag defaults to `true`; the KubeletConfiguration field defaults to `false`, and kubeadm writes \
        `false`.
        """,
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "4.2.2": RuleText(
      description: """
        The kubelet must not authorize every request: `--authorization-mode` / `authorization.mode` must be \
        `Webhook`, not `AlwaysAllow`.
        """,
      rationale: """
        In `AlwaysAllow` mode any caller the kubelet authenticates (or every caller, with anonymous access) may \
        use `exec`, `run`, `attach` and `logs` on every pod of the node. `Webhook` mode asks the API server, so RBAC \
        decides who may do what.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--authorization-mode=[^ ]*'
        grep -A1 '^authorization:' /var/lib/kubelet/config.yaml
        ```

        Compliant: the effective mode is `Webhook`.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set:

        ```yaml
        authorization:
          mode: Webhook
        authentication:
          webhook:
            enabled: true
        ```

        Remove any `--authorization-mode=AlwaysAllow` flag, then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: """
        Callers need RBAC rights on `nodes/proxy`, `nodes/log`, `nodes/stats` and similar subresources; monitoring \
        agents that read the kubelet API may need new bindings.
        """,
      defaultValue: """
        The flag defaults to `AlwaysAllow`; the KubeletConfiguration field defaults to `Webhook`, and kubeadm \
        writes `Webhook`.
        """,
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "4.2.3": RuleText(
      description: """
        The kubelet must be able to verify client certificates: `--client-ca-file` / \
        `authentication.x509.clientCAFile` must name the cluster CA bundle.
        """,
      rationale: """
        Without a client CA the kubelet cannot authenticate callers by certificate, including the API server. \
        That leaves operators choosing between a broken `kubectl exec`/`logs` and opening the kubelet to \
        anonymous access.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--client-ca-file=[^ ]*'
        grep clientCAFile /var/lib/kubelet/config.yaml
        ```

        Compliant: one of them names a CA file (kubeadm: `/etc/kubernetes/pki/ca.crt`).
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set:

        ```yaml
        authentication:
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
        ```

        then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "None.",
      defaultValue: "Not set on the bare kubelet; kubeadm sets `/etc/kubernetes/pki/ca.crt`.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "4.2.4": RuleText(
      description: """
        The kubelet's unauthenticated read-only port must be off: `--read-only-port=0` / `readOnlyPort: 0`.
        """,
      rationale: """
        The read-only port (10255) answers without authentication or authorization. It lists every pod on the \
        node with its full spec, environment variables included, and exposes resource statistics, which helps an \
        attacker map the cluster and harvest secrets placed in env vars.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--read-only-port=[^ ]*'
        grep readOnlyPort /var/lib/kubelet/config.yaml
        ss -ltn | grep 10255
        ```

        Compliant: the flag is `0`, or absent with the config file at `0` or silent; nothing listens on 10255.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set `readOnlyPort: 0` (or remove the key), remove any \
        `--read-only-port` flag, then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Old monitoring tools that scrape port 10255 must switch to the authenticated port 10250.",
      defaultValue:
        "The flag defaults to `10255`; the KubeletConfiguration field defaults to `0`, which kubeadm keeps.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/networking/ports-and-protocols/
        """
    ),
    "4.2.5": RuleText(
      description: """
        Idle streaming sessions must time out: `--streaming-connection-idle-timeout` / \
        `streamingConnectionIdleTimeout` must not be `0`.
        """,
      rationale: """
        `exec`, `attach` and `port-forward` sessions hold connections open through the kubelet. With no idle \
        timeout, abandoned sessions pile up and can exhaust the node, and a forgotten shell stays usable forever.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--streaming-connection-idle-timeout=[^ ]*'
        grep streamingConnectionIdleTimeout /var/lib/kubelet/config.yaml
        ```

        Compliant: absent (default 4h) or a non-zero duration such as `5m`.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set, for example:

        ```yaml
        streamingConnectionIdleTimeout: 5m
        ```

        Remove any `--streaming-connection-idle-timeout=0` flag, then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Idle `exec` and `port-forward` sessions are closed after the timeout; long-idle users must reconnect.",
      defaultValue: "`4h0m0s`.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
    "4.2.6": RuleText(
      description: """
        The kubelet must refuse to run with kernel settings that differ from what it expects: \
        `--protect-kernel-defaults=true` / `protectKernelDefaults: true`.
        """,
      rationale: """
        Without the flag the kubelet silently rewrites some kernel tunables itself. With it, drift in memory \
        overcommit and panic behaviour is caught as an error instead of quietly changing how the node reacts to \
        memory pressure and kernel faults.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--protect-kernel-defaults=[^ ]*'
        grep protectKernelDefaults /var/lib/kubelet/config.yaml
        ```

        Compliant: the effective value is `true`.
        """,
      remediation: """
        First set the values the kubelet expects in `/etc/sysctl.d/90-kubelet.conf`:

        ```
        vm.overcommit_memory = 1
        vm.panic_on_oom = 0
        kernel.panic = 10
        kernel.panic_on_oops = 1
        kernel.keys.root_maxkeys = 1000000
        kernel.keys.root_maxbytes = 25000000
        ```

        Apply with `sysctl --system`, add `protectKernelDefaults: true` to `/var/lib/kubelet/config.yaml` and \
        `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "The kubelet will not start on a node whose sysctls differ; set them before enabling the option.",
      defaultValue: "`false`; kubeadm does not set it.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
    "4.2.7": RuleText(
      description: """
        The kubelet must manage its own iptables utility chains: `--make-iptables-util-chains` / \
        `makeIPTablesUtilChains` must not be `false`.
        """,
      rationale: """
        The kubelet keeps a few iptables rules that pod networking relies on, such as the one that blocks remote \
        traffic aimed at services bound to 127.0.0.1. When it owns them it recreates them if they go missing; \
        left to hand-written scripts they drift out of step with the node.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--make-iptables-util-chains=[^ ]*'
        grep makeIPTablesUtilChains /var/lib/kubelet/config.yaml
        ```

        Compliant: absent or `true`.
        """,
      remediation: """
        Remove `--make-iptables-util-chains=false` and any `makeIPTablesUtilChains: false` from \
        `/var/lib/kubelet/config.yaml` (or set it to `true`), then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Node firewall tooling that expects to own these rules should be checked for conflicts.",
      defaultValue: "`true`.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
    "4.2.8": RuleText(
      description: """
        The kubelet should not be started with `--hostname-override`; the node name should be the machine's \
        hostname.
        """,
      rationale: """
        When the node name differs from the hostname, certificate names, the Node authorizer's view of identity \
        and what operators see on the machine drift apart. TLS verification between the API server and the \
        kubelet can then fail, tempting people to turn verification off.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--hostname-override=[^ ]*'
        grep -rs hostname-override /var/lib/kubelet/kubeadm-flags.env /etc/default/kubelet /etc/sysconfig/kubelet
        ```

        Compliant: nothing is printed.
        """,
      remediation: """
        Remove `--hostname-override` from `/var/lib/kubelet/kubeadm-flags.env`, `KUBELET_EXTRA_ARGS` or the \
        systemd drop-in, make the machine's hostname match the node name, then `systemctl restart kubelet`.
        """,
      impact: """
        Some cloud providers and kubeadm setups with a custom `nodeRegistration.name` rely on the flag; removing \
        it there changes the node name and can break registration. Rename hosts first.
        """,
      defaultValue: "Not set. kubeadm adds it only when `nodeRegistration.name` differs from the hostname.",
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        https://kubernetes.io/docs/reference/access-authn-authz/node/
        """
    ),
    "4.2.9": RuleText(
      description: """
        The kubelet's event rate limit (`--event-qps` / `eventRecordQPS`) should be `0` (no limit) or high enough \
        that important events are not dropped.
        """,
      rationale: """
        Events record pod kills, image pulls, probe failures and evictions. If the limit is too low, events are \
        silently discarded during exactly the bursts you would want to investigate.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--event-qps=[^ ]*'
        grep eventRecordQPS /var/lib/kubelet/config.yaml
        ```

        Compliant: `0`, or a value you have checked against your event volume.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set `eventRecordQPS: 0` (or a suitable value, with `eventBurst` to \
        match), then `systemctl restart kubelet`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact:
        "With no limit a misbehaving node can send many events; protect the API server with EventRateLimit (1.2.10).",
      defaultValue: "`50` in current releases (`5` in older ones); kubeadm does not set it.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
    "4.2.10": RuleText(
      description: """
        The kubelet should serve its API with a CA-issued certificate: `--tls-cert-file` / `tlsCertFile` and \
        `--tls-private-key-file` / `tlsPrivateKeyFile` must both be set.
        """,
      rationale: """
        If neither is set the kubelet makes a self-signed certificate that the API server cannot verify. Traffic \
        for `exec`, `logs` and `port-forward` can then be intercepted by anyone who can impersonate the node.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -oE -- '--tls-(cert|private-key)-file=[^ ]*'
        grep -E 'tlsCertFile|tlsPrivateKeyFile' /var/lib/kubelet/config.yaml
        ```

        Compliant: both are set and the certificate is signed by the cluster CA \
        (`openssl x509 -noout -issuer -in <file>`).
        """,
      remediation: """
        Issue each node a serving certificate from the cluster CA with its hostname and IPs as SANs, store it as \
        e.g. `/var/lib/kubelet/pki/kubelet.crt` and `.key`, then in `/var/lib/kubelet/config.yaml` set:

        ```yaml
        tlsCertFile: /var/lib/kubelet/pki/kubelet.crt
        tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key
        ```

        and `systemctl restart kubelet`. Pointing these at the self-signed pair does not meet the intent; to have \
        the kubelet obtain and renew CA-signed certificates itself, use `serverTLSBootstrap` (rule 4.2.12).

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Certificates set this way must be renewed by you before they expire.",
      defaultValue:
        "Not set: the kubelet generates a self-signed pair in `/var/lib/kubelet/pki`. kubeadm does not set them.",
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "4.2.11": RuleText(
      description: """
        The kubelet must renew its client certificate automatically: `--rotate-certificates` / \
        `rotateCertificates` must not be `false`.
        """,
      rationale: """
        The client certificate is the node's identity towards the API server. Without rotation it either expires \
        and takes the node offline, or is issued for so long that a stolen copy stays useful for years.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--rotate-certificates=[^ ]*'
        grep rotateCertificates /var/lib/kubelet/config.yaml
        ```

        Compliant: `true` (absent on the bare kubelet means `false`, so check the file).
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set `rotateCertificates: true`, remove any \
        `--rotate-certificates=false` flag, then `systemctl restart kubelet`. The kubelet's kubeconfig should \
        reference `/var/lib/kubelet/pki/kubelet-client-current.pem`.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "None on kubeadm, which approves node client certificate renewals automatically.",
      defaultValue: "`false` on the bare kubelet; kubeadm sets `rotateCertificates: true`.",
      references: """
        https://kubernetes.io/docs/tasks/tls/certificate-rotation/
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        """
    ),
    "4.2.12": RuleText(
      description: """
        The kubelet should request and rotate its serving certificate through the cluster CA: \
        `serverTLSBootstrap: true` (`--rotate-server-certificates`), with the `RotateKubeletServerCertificate` \
        feature gate (`--feature-gates` / `featureGates`) not set to `false`.
        """,
      rationale: """
        A CA-signed serving certificate lets the API server verify the kubelet (rule 1.2.6), and automatic renewal \
        keeps it short-lived, so a leaked key is useful only briefly and certificates never expire unnoticed.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -oE -- '--(rotate-server-certificates|feature-gates)=[^ ]*'
        grep -E 'serverTLSBootstrap|RotateKubeletServerCertificate' /var/lib/kubelet/config.yaml
        ```

        Compliant: the gate is not disabled and `serverTLSBootstrap` is `true`.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set `serverTLSBootstrap: true`, remove any \
        `RotateKubeletServerCertificate=false` gate, then `systemctl restart kubelet`. Approve the resulting \
        `kubernetes.io/kubelet-serving` CSRs:

        ```
        kubectl get csr
        kubectl certificate approve <csr-name>
        ```

        The controller manager does not approve these automatically; deploy an approver or approve them on each \
        renewal.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Until the CSR is approved the kubelet has no serving certificate and `logs`/`exec` to the node fail.",
      defaultValue:
        "The gate is on by default (beta since 1.12); `serverTLSBootstrap` is `false` and kubeadm leaves it so.",
      references: """
        https://kubernetes.io/docs/tasks/tls/certificate-rotation/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/
        """
    ),
    "4.2.13": RuleText(
      description: """
        The kubelet should offer only strong TLS cipher suites: `--tls-cipher-suites` / `tlsCipherSuites` limited to \
        ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.
        """,
      rationale: """
        Weak or non-forward-secret suites let an attacker who records traffic to port 10250 decrypt it later, or \
        exploit known CBC weaknesses. Pinning strong suites removes that option for TLS 1.2 clients.
        """,
      audit: """
        ```
        pgrep -a kubelet | grep -o -- '--tls-cipher-suites=[^ ]*'
        grep -A8 tlsCipherSuites /var/lib/kubelet/config.yaml
        ```

        Compliant: only GCM or CHACHA20 suites with ECDHE are listed.
        """,
      remediation: """
        In `/var/lib/kubelet/config.yaml` set:

        ```yaml
        tlsCipherSuites:
        - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305
        - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
        ```

        then `systemctl restart kubelet`. TLS 1.3 suites are not configurable and are always strong.

        On kubeadm, make the same change in the `kube-system/kubelet-config` ConfigMap so that upgrades and new \
        nodes keep it.
        """,
      impact: "Clients that support none of these suites can no longer reach the kubelet.",
      defaultValue: "Not set: Go's default suite list is used.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        """
    ),
  ]
}
