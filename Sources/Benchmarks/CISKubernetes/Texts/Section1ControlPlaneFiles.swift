// Rule prose for CIS Kubernetes section 1.1: files on the control plane nodes.

extension CISKubernetesTexts {
  static let section11: [String: RuleText] = [
    "1.1.1": RuleText(
      description: """
        The API server static pod manifest, `/etc/kubernetes/manifests/kube-apiserver.yaml`, must have mode `644` \
        or stricter: no execute bits and no write access for group or others.
        """,
      rationale: """
        The kubelet runs whatever this manifest says, as root and on the host network. Anyone who can write to it \
        can change API server flags (for example turn on anonymous access or drop authorization) or swap the image \
        for their own, and so take over the cluster.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/manifests/kube-apiserver.yaml
        ```

        Compliant output shows `600` or `644` (or any mode with no bit outside `644`).
        """,
      remediation: """
        On each control plane node run:

        ```
        chmod 600 /etc/kubernetes/manifests/kube-apiserver.yaml
        ```

        `644` also complies; `600` is what kubeadm writes.
        """,
      impact: "None. Only root, which the kubelet runs as, needs to read the manifest.",
      defaultValue: "kubeadm writes the manifest with mode `600` (older releases used `644`); both comply.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
        """
    ),
    "1.1.2": RuleText(
      description: """
        The API server static pod manifest, `/etc/kubernetes/manifests/kube-apiserver.yaml`, must be owned by user \
        `root` and group `root`.
        """,
      rationale: """
        The owner of a file can always change its mode. If a non-root account owns the manifest, that account can \
        make it writable and rewrite how the API server runs, which amounts to full control of the cluster.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%U:%G %n' /etc/kubernetes/manifests/kube-apiserver.yaml
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        On each control plane node run:

        ```
        chown root:root /etc/kubernetes/manifests/kube-apiserver.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm runs as root and creates the manifest as `root:root`.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        """
    ),
    "1.1.3": RuleText(
      description: """
        The controller manager static pod manifest, `/etc/kubernetes/manifests/kube-controller-manager.yaml`, must \
        have mode `644` or stricter.
        """,
      rationale: """
        The controller manager holds the service account signing key and the cluster CA key. Whoever can edit its \
        manifest can make it mount other host paths, change its flags or run a different image, and so read those \
        keys or mint credentials.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/manifests/kube-controller-manager.yaml
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        On each control plane node run:

        ```
        chmod 600 /etc/kubernetes/manifests/kube-controller-manager.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the manifest with mode `600` (older releases used `644`); both comply.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        """
    ),
    "1.1.4": RuleText(
      description: """
        The controller manager static pod manifest, `/etc/kubernetes/manifests/kube-controller-manager.yaml`, must \
        be owned by `root:root`.
        """,
      rationale: """
        A non-root owner can loosen the file's mode at will and then rewrite the controller manager's configuration, \
        gaining access to the signing keys it uses.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%U:%G %n' /etc/kubernetes/manifests/kube-controller-manager.yaml
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        On each control plane node run:

        ```
        chown root:root /etc/kubernetes/manifests/kube-controller-manager.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the manifest as `root:root`.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        """
    ),
    "1.1.5": RuleText(
      description: """
        The scheduler static pod manifest, `/etc/kubernetes/manifests/kube-scheduler.yaml`, must have mode `644` or \
        stricter.
        """,
      rationale: """
        A writable scheduler manifest lets a local user replace the scheduler or change its flags. A rogue scheduler \
        decides where every pod lands, for example steering sensitive workloads onto a node the attacker controls.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/manifests/kube-scheduler.yaml
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        On each control plane node run:

        ```
        chmod 600 /etc/kubernetes/manifests/kube-scheduler.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the manifest with mode `600` (older releases used `644`); both comply.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
        """
    ),
    "1.1.6": RuleText(
      description: """
        The scheduler static pod manifest, `/etc/kubernetes/manifests/kube-scheduler.yaml`, must be owned by \
        `root:root`.
        """,
      rationale: """
        A non-root owner can change the file's mode and then its content, so ownership must stay with root for the \
        permission check (1.1.5) to mean anything.
        """,
      audit: """
        On each control plane node run:

        ```
        stat -c '%U:%G %n' /etc/kubernetes/manifests/kube-scheduler.yaml
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        On each control plane node run:

        ```
        chown root:root /etc/kubernetes/manifests/kube-scheduler.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the manifest as `root:root`.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        """
    ),
    "1.1.7": RuleText(
      description: """
        The etcd static pod manifest, `/etc/kubernetes/manifests/etcd.yaml`, must have mode `644` or stricter.
        """,
      rationale: """
        etcd stores every cluster object, Secrets included. Editing its manifest is enough to turn off client \
        certificate checks, expose it on another address or mount its data somewhere readable, so the file must \
        not be writable by anyone but root.
        """,
      audit: """
        On each control plane node that runs etcd:

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/manifests/etcd.yaml
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        On each node that runs etcd:

        ```
        chmod 600 /etc/kubernetes/manifests/etcd.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the manifest with mode `600` (older releases used `644`); both comply.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        """
    ),
    "1.1.8": RuleText(
      description: """
        The etcd static pod manifest, `/etc/kubernetes/manifests/etcd.yaml`, must be owned by `root:root`.
        """,
      rationale: """
        Whoever owns the manifest can make it writable and reconfigure etcd, exposing the whole cluster datastore.
        """,
      audit: """
        On each node that runs etcd:

        ```
        stat -c '%U:%G %n' /etc/kubernetes/manifests/etcd.yaml
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        On each node that runs etcd:

        ```
        chown root:root /etc/kubernetes/manifests/etcd.yaml
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the manifest as `root:root`.",
      references: """
        https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        """
    ),
    "1.1.11": RuleText(
      description: """
        The etcd data directory (the `--data-dir` of etcd, `/var/lib/etcd` on kubeadm) and everything inside it \
        must have mode `700` or stricter, so that only the owning account can read or enter it.
        """,
      rationale: """
        The data directory holds the etcd database and write-ahead log. Unless encryption at rest is configured, \
        Secrets are stored there unencrypted, so any local user who can read the directory can copy every Secret \
        and token in the cluster without going through the API server.
        """,
      audit: """
        Find the directory from the running process, then check it and its contents:

        ```
        pgrep -a etcd | grep -o -- '--data-dir=[^ ]*'
        stat -c '%a %U:%G %n' /var/lib/etcd
        find /var/lib/etcd -perm /077
        ```

        Compliant: the directory shows `700` and `find` prints nothing (no entry grants group or other access).
        """,
      remediation: """
        On each etcd node:

        ```
        chmod -R go-rwx /var/lib/etcd
        chmod 700 /var/lib/etcd
        ```
        """,
      impact:
        "None for etcd itself. Backup or monitoring tools that read the directory as another user will need root.",
      defaultValue: "kubeadm creates `/var/lib/etcd` with mode `700`; etcd creates its own files as `600`/`700`.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        https://etcd.io/docs/v3.5/op-guide/configuration/
        https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
        """
    ),
    "1.1.12": RuleText(
      description: """
        The etcd data directory (`--data-dir`, `/var/lib/etcd` on kubeadm) and its contents must be owned by a \
        dedicated `etcd` user and `etcd` group.
        """,
      rationale: """
        A dedicated, unprivileged account for etcd data keeps the database out of reach of other services on the \
        host and makes any access by another account stand out. Ownership by an unrelated user would let that user \
        read or corrupt the cluster's state.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /var/lib/etcd
        find /var/lib/etcd ! -user etcd -o ! -group etcd
        ```

        Compliant: the directory shows `etcd:etcd` and `find` prints nothing.
        """,
      remediation: """
        Create the account if it does not exist, then hand the tree over to it:

        ```
        groupadd --system etcd
        useradd --system --gid etcd --no-create-home --shell /usr/sbin/nologin etcd
        chown -R etcd:etcd /var/lib/etcd
        ```

        Ideally also run the etcd container as that user (`securityContext.runAsUser` / `runAsGroup` set to its \
        uid/gid in `/etc/kubernetes/manifests/etcd.yaml`).
        """,
      impact: """
        On kubeadm clusters etcd runs as root, which can still use a directory owned by `etcd`, so nothing breaks. \
        If you switch etcd to run as the `etcd` user, make sure its certificate files are readable by it.
        """,
      defaultValue: """
        kubeadm runs etcd as root and leaves `/var/lib/etcd` owned by `root:root`, so this check fails on a default \
        kubeadm cluster. Distribution packages of etcd usually create an `etcd` user.
        """,
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
        https://etcd.io/docs/v3.5/op-guide/security/
        """
    ),
    "1.1.13": RuleText(
      description: """
        The cluster administrator kubeconfig, `/etc/kubernetes/admin.conf`, must have mode `600` or stricter \
        (readable and writable by its owner only).
        """,
      rationale: """
        `admin.conf` holds a client certificate and key for a member of `kubeadm:cluster-admins` (or \
        `system:masters` on older releases), which is full cluster-admin. Any local user who can read the file \
        owns the cluster.
        """,
      audit: """
        On each control plane node:

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/admin.conf
        ```

        Compliant output shows `600` (or `400`).
        """,
      remediation: """
        ```
        chmod 600 /etc/kubernetes/admin.conf
        ```

        On Kubernetes 1.29 and later also apply it to `/etc/kubernetes/super-admin.conf` if that file exists.
        """,
      impact: "Only root can use the file directly; give administrators their own credentials instead of copies.",
      defaultValue: "kubeadm writes all kubeconfig files with mode `600`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
        """
    ),
    "1.1.14": RuleText(
      description: """
        The cluster administrator kubeconfig, `/etc/kubernetes/admin.conf`, must be owned by `root:root`.
        """,
      rationale: """
        The file carries cluster-admin credentials. A non-root owner could read it regardless of its mode, or \
        loosen that mode for others.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /etc/kubernetes/admin.conf
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /etc/kubernetes/admin.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the file as `root:root`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
        """
    ),
    "1.1.15": RuleText(
      description: """
        The scheduler's kubeconfig, `/etc/kubernetes/scheduler.conf`, must have mode `644` or stricter.
        """,
      rationale: """
        The file holds the client certificate and key the scheduler uses against the API server. A user who can \
        change it can point the scheduler at another server or swap its identity; a user who can read it can act \
        as `system:kube-scheduler`, which may bind pods to nodes and read much of the cluster. Mode `600` is \
        better still, since the key should not be world-readable.
        """,
      audit: """
        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/scheduler.conf
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        ```
        chmod 600 /etc/kubernetes/scheduler.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the file with mode `600`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
        """
    ),
    "1.1.16": RuleText(
      description: """
        The scheduler's kubeconfig, `/etc/kubernetes/scheduler.conf`, must be owned by `root:root`.
        """,
      rationale: """
        It contains the scheduler's private key. A non-root owner can read it or rewrite it whatever its mode.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /etc/kubernetes/scheduler.conf
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /etc/kubernetes/scheduler.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the file as `root:root`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        """
    ),
    "1.1.17": RuleText(
      description: """
        The controller manager's kubeconfig, `/etc/kubernetes/controller-manager.conf`, must have mode `644` or \
        stricter.
        """,
      rationale: """
        The file holds the `system:kube-controller-manager` client key. That identity can read Secrets and request \
        tokens for service accounts, so a readable or writable copy is close to cluster-admin. Mode `600` is \
        preferable.
        """,
      audit: """
        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/controller-manager.conf
        ```

        Compliant output shows `600` or `644` (no bit outside `644`).
        """,
      remediation: """
        ```
        chmod 600 /etc/kubernetes/controller-manager.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes the file with mode `600`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
        """
    ),
    "1.1.18": RuleText(
      description: """
        The controller manager's kubeconfig, `/etc/kubernetes/controller-manager.conf`, must be owned by \
        `root:root`.
        """,
      rationale: """
        A non-root owner could read the controller manager's private key or change the file's mode for others.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /etc/kubernetes/controller-manager.conf
        ```

        Compliant output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /etc/kubernetes/controller-manager.conf
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm creates the file as `root:root`.",
      references: """
        https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
        """
    ),
    "1.1.19": RuleText(
      description: """
        The PKI directory `/etc/kubernetes/pki`, its subdirectories (such as `pki/etcd`) and every file in them must \
        be owned by `root:root`.
        """,
      rationale: """
        This tree holds the cluster CA, front-proxy CA and etcd CA private keys and the service account signing key. \
        An account that owns any of them can read or replace it, which means forging client certificates or service \
        account tokens for any identity.
        """,
      audit: """
        ```
        find /etc/kubernetes/pki -exec stat -c '%U:%G %n' {} + | grep -v '^root:root '
        ```

        Compliant: the command prints nothing.
        """,
      remediation: """
        ```
        chown -R root:root /etc/kubernetes/pki/
        ```
        """,
      impact: "None for kubeadm-managed components, which all run as root.",
      defaultValue: "kubeadm generates the whole tree as `root:root`.",
      references: """
        https://kubernetes.io/docs/setup/best-practices/certificates/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        """
    ),
    "1.1.20": RuleText(
      description: """
        Every certificate file (`*.crt`) under `/etc/kubernetes/pki` must have mode `644` or stricter.
        """,
      rationale: """
        Certificates are public, so reading them is harmless, but writing them is not: replacing a CA certificate \
        would make components trust an attacker's CA, and replacing a serving certificate breaks or hijacks TLS.
        """,
      audit: """
        ```
        find /etc/kubernetes/pki -name '*.crt' -exec stat -c '%a %n' {} +
        ```

        Compliant: every line shows `644` or stricter (`600`, `640`, `444`, ...).
        """,
      remediation: """
        ```
        find /etc/kubernetes/pki -name '*.crt' -exec chmod 644 {} +
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes certificates with mode `644`.",
      references: """
        https://kubernetes.io/docs/setup/best-practices/certificates/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        """
    ),
    "1.1.21": RuleText(
      description: """
        Every private key file (`*.key`) under `/etc/kubernetes/pki`, including `sa.key` and the keys in \
        `pki/etcd`, must have mode `600`.
        """,
      rationale: """
        These keys are the root of trust of the cluster. A readable CA key lets anyone mint certificates for any \
        user or group, including `system:masters`; a readable `sa.key` lets anyone sign service account tokens.
        """,
      audit: """
        ```
        find /etc/kubernetes/pki -name '*.key' -exec stat -c '%a %n' {} +
        ```

        Compliant: every line shows `600`.
        """,
      remediation: """
        ```
        find /etc/kubernetes/pki -name '*.key' -exec chmod 600 {} +
        ```
        """,
      impact: "None.",
      defaultValue: "kubeadm writes private keys with mode `600`.",
      references: """
        https://kubernetes.io/docs/setup/best-practices/certificates/
        https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/
        """
    ),
  ]
}
