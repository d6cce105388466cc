// Rule prose for CIS Kubernetes section 2: etcd.
//
// Remediations assume kubeadm's stacked etcd: a static pod from /etc/kubernetes/manifests/etcd.yaml with its
// certificates under /etc/kubernetes/pki/etcd/. For an external etcd, change the etcd unit or config file instead.

extension CISKubernetesTexts {
  static let section2: [String: RuleText] = [
    "2.1": RuleText(
      description: """
        etcd must serve clients over TLS: both `--cert-file` and `--key-file` must be set (and `--listen-client-urls` \
        / `--advertise-client-urls` use `https://`).
        """,
      rationale: """
        The API server's traffic to etcd carries every object in the cluster, Secrets included. Over plain HTTP \
        anyone on the path can read it or inject changes.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -oE -- '--(cert-file|key-file|listen-client-urls|advertise-client-urls)=[^ ]*'
        ```

        Compliant: `--cert-file` and `--key-file` are set and the client URLs start with `https://`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/etcd.yaml` set:

        ```
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --key-file=/etc/kubernetes/pki/etcd/server.key
        ```

        Use `https://` in `--listen-client-urls` and `--advertise-client-urls`. `kubeadm init phase certs \
        etcd-server` regenerates the pair if it is missing.
        """,
      impact: "Clients must connect with `https://` and trust the etcd CA.",
      defaultValue: "Not set on the bare binary (plain HTTP); kubeadm sets the `etcd/server` pair.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        """
    ),
    "2.2": RuleText(
      description: """
        etcd must require clients to present a certificate signed by its trusted CA: `--client-cert-auth=true` \
        with `--trusted-ca-file` set.
        """,
      rationale: """
        TLS alone only encrypts. Without client certificate checks, any process that can reach port 2379 can read \
        or write the whole datastore, skipping API server authentication, authorization, admission and audit.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -o -- '--client-cert-auth=[^ ]*'
        pgrep -a etcd | grep -o -- '--trusted-ca-file=[^ ]*'
        ```

        Compliant: `--client-cert-auth=true` and a CA file are printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/etcd.yaml` set:

        ```
        - --client-cert-auth=true
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        ```

        The API server must hold a client certificate from that CA (rule 1.2.26).
        """,
      impact: "Tools such as `etcdctl` must pass `--cacert`, `--cert` and `--key` to connect.",
      defaultValue: "`false` on the bare binary; kubeadm sets `true`.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        """
    ),
    "2.3": RuleText(
      description: """
        etcd must not generate its own client-facing certificates: `--auto-tls` must not be `true`.
        """,
      rationale: """
        Auto TLS makes etcd create a self-signed certificate that no client can verify. Connections look encrypted \
        but anyone can impersonate the server, and the setting usually goes with no client certificate checks.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -o -- '--auto-tls[^ ]*'
        ```

        Compliant: nothing is printed, or the value is `false`.
        """,
      remediation: """
        Remove `--auto-tls=true` from `/etc/kubernetes/manifests/etcd.yaml` and configure real certificates with \
        `--cert-file` and `--key-file` (rule 2.1).
        """,
      impact: "Clients must trust the CA that signed the new server certificate.",
      defaultValue: "`false`; kubeadm does not set it.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://etcd.io/docs/v3.5/op-guide/configuration/
        """
    ),
    "2.4": RuleText(
      description: """
        etcd members must use TLS between each other: both `--peer-cert-file` and `--peer-key-file` must be set \
        (and the peer URLs use `https://`).
        """,
      rationale: """
        Members replicate the full datastore to each other. Without peer TLS that replication stream, with every \
        Secret in it, crosses the network in clear text and can be tampered with.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -oE -- '--[a-z-]*peer[a-z-]*=[^ ]*'
        ```

        Compliant: `--peer-cert-file` and `--peer-key-file` are printed and peer URLs start with `https://`.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/etcd.yaml` set:

        ```
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
        ```

        and use `https://` in `--listen-peer-urls` and `--initial-advertise-peer-urls`.
        """,
      impact: "All members must be switched together; a mixed cluster loses quorum.",
      defaultValue: "Not set on the bare binary; kubeadm sets the `etcd/peer` pair.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        """
    ),
    "2.5": RuleText(
      description: """
        etcd must require peers to present a certificate signed by the peer CA: `--peer-client-cert-auth=true` \
        with `--peer-trusted-ca-file` set.
        """,
      rationale: """
        Without peer certificate checks, any host that can reach port 2380 can join the cluster as a member, or \
        talk to members as one, and receive a full copy of the data.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -o -- '--peer-client-cert-auth=[^ ]*'
        pgrep -a etcd | grep -o -- '--peer-trusted-ca-file=[^ ]*'
        ```

        Compliant: `--peer-client-cert-auth=true` and a CA file are printed.
        """,
      remediation: """
        In `/etc/kubernetes/manifests/etcd.yaml` set:

        ```
        - --peer-client-cert-auth=true
        - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        ```
        """,
      impact: "Every member's peer certificate must be signed by the configured CA.",
      defaultValue: "`false` on the bare binary; kubeadm sets `true`.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://etcd.io/docs/v3.5/op-guide/configuration/
        """
    ),
    "2.6": RuleText(
      description: """
        etcd must not generate its own peer certificates: `--peer-auto-tls` must not be `true`.
        """,
      rationale: """
        Self-generated peer certificates cannot be verified, so any host can pose as a member and pull the \
        replicated data.
        """,
      audit: """
        ```
        pgrep -a etcd | grep -o -- '--peer-auto-tls[^ ]*'
        ```

        Compliant: nothing is printed, or the value is `false`.
        """,
      remediation: """
        Remove `--peer-auto-tls=true` from `/etc/kubernetes/manifests/etcd.yaml` on every member and configure peer \
        certificates (rules 2.4 and 2.5).
        """,
      impact: "All members must be reconfigured together to keep quorum.",
      defaultValue: "`false`; kubeadm does not set it.",
      references: """
        https://etcd.io/docs/v3.5/op-guide/security/
        https://etcd.io/docs/v3.5/op-guide/configuration/
        """
    ),
  ]
}
