// Rule prose for CIS Amazon EKS section 3.1: the kubelet's files on worker nodes.
//
// On the EKS-optimized Amazon Linux AMIs the kubelet's kubeconfig is /var/lib/kubelet/kubeconfig and its
// --config file is /etc/kubernetes/kubelet/kubelet-config.json (Amazon Linux 2) or
// /etc/kubernetes/kubelet/config.json (Amazon Linux 2023). kspmbeat finds the --config file through the
// running kubelet's command line, wherever it is.

extension CISEKSTexts {
  /// Where the kubelet's `--config` file is on the EKS-optimized AMIs.
  static let kubeletConfigPaths = """
    Its path is on the kubelet's command line (`ps -o args= -C kubelet`): \
    `/etc/kubernetes/kubelet/kubelet-config.json` on Amazon Linux 2, `/etc/kubernetes/kubelet/config.json` on \
    Amazon Linux 2023.
    """

  /// Changes made by hand on a node are lost when the node is replaced.
  static let bakeIntoNodes = """
    Nodes of a managed or self-managed node group are replaced on scaling and upgrades: make the change in the \
    launch template's user data or in the AMI you build, not only on running nodes.
    """

  static let section31: [String: RuleText] = [
    "3.1.1": RuleText(
      description: """
        The kubelet's kubeconfig on EKS nodes, `/var/lib/kubelet/kubeconfig` (the file its `--kubeconfig` names), \
        must have mode `644` or stricter.
        """,
      rationale: """
        The file tells the kubelet where the API server is, which CA to trust and how to get credentials (on EKS \
        an `exec` plugin that turns the node's IAM role into a token). Whoever can write it can send the kubelet \
        to another server, or make it run a command of their choice as root.
        """,
      audit: """
        ```
        ps -o args= -C kubelet | grep -o -- '--kubeconfig[= ][^ ]*'
        stat -c '%a %U:%G %n' /var/lib/kubelet/kubeconfig
        ```

        Compliant: the mode has no bit outside `644` (`644`, `640`, `600`, …).
        """,
      remediation: """
        ```
        chmod 644 /var/lib/kubelet/kubeconfig
        ```

        \(bakeIntoNodes)
        """,
      impact: "None.",
      defaultValue: "The EKS-optimized AMIs write the file at boot as root, with mode `644` or stricter.",
      references: """
        https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
        https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-amis.html
        """
    ),
    "3.1.2": RuleText(
      description: """
        The kubelet's kubeconfig on EKS nodes, `/var/lib/kubelet/kubeconfig`, must be owned by user `root` and \
        group `root`.
        """,
      rationale: """
        The owner of the file can change its mode and content whatever the mode says today, and so decide which \
        API server and which credentials the root-privileged kubelet uses.
        """,
      audit: """
        ```
        stat -c '%U:%G %n' /var/lib/kubelet/kubeconfig
        ```

        Compliant: the output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /var/lib/kubelet/kubeconfig
        ```

        \(bakeIntoNodes)
        """,
      impact: "None.",
      defaultValue: "Owned by `root:root` on the EKS-optimized AMIs.",
      references: """
        https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
        """
    ),
    "3.1.3": RuleText(
      description: """
        The kubelet's configuration file, the file its `--config` names, must have mode `644` or stricter.
        """,
      rationale: """
        Nearly every security setting of the kubelet is in this file: client authentication and authorization, \
        the read-only port, certificate rotation, kernel protection. Whoever can write it can turn them off at \
        the kubelet's next start.
        """,
      audit: """
        \(kubeletConfigPaths)

        ```
        stat -c '%a %U:%G %n' /etc/kubernetes/kubelet/kubelet-config.json
        ```

        Compliant: the mode has no bit outside `644`.
        """,
      remediation: """
        ```
        chmod 644 /etc/kubernetes/kubelet/kubelet-config.json
        ```

        (Use the path `--config` names.) \(bakeIntoNodes)
        """,
      impact: "None.",
      defaultValue: "The EKS-optimized AMIs install the file as root with mode `644`.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/
        https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-amis.html
        """
    ),
    "3.1.4": RuleText(
      description: """
        The kubelet's configuration file, the file its `--config` names, must be owned by user `root` and group \
        `root`.
        """,
      rationale: """
        A user or group other than root that owns the file can loosen its mode and rewrite the kubelet's \
        security settings.
        """,
      audit: """
        \(kubeletConfigPaths)

        ```
        stat -c '%U:%G %n' /etc/kubernetes/kubelet/kubelet-config.json
        ```

        Compliant: the output starts with `root:root`.
        """,
      remediation: """
        ```
        chown root:root /etc/kubernetes/kubelet/kubelet-config.json
        ```

        (Use the path `--config` names.) \(bakeIntoNodes)
        """,
      impact: "None.",
      defaultValue: "Owned by `root:root` on the EKS-optimized AMIs.",
      references: """
        https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/
        """
    ),
  ]
}
