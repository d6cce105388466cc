// Rule prose for CIS Amazon EKS section 3.2: kubelet settings on worker nodes.
//
// What a setting means and why it matters is the same as in CIS Kubernetes section 4.2, so those
// descriptions and rationales are shared; how to audit and change it differs on EKS nodes.

extension CISEKSTexts {
  /// The cis_k8s kubelet prose this section shares.
  private static let k8s = CISKubernetesTexts.section42

  /// A kubelet rule that shares the description and rationale (and, unless given, the impact) of
  /// cis_k8s rule `number`, with how to audit and change it on EKS nodes.
  private static func sharing(
    _ number: String, audit: String, remediation: String, impact: String? = nil, defaultValue: String,
    references: String
  ) -> RuleText {
    let shared = k8s[number]!
    return RuleText(
      description: shared.description, rationale: shared.rationale, audit: audit, remediation: remediation,
      impact: impact ?? shared.impact, defaultValue: defaultValue, references: references)
  }

  static let section32: [String: RuleText] = [
    "3.2.1": sharing(
      "4.2.1",
      audit: kubeletAudit(field: "authentication.anonymous.enabled", flag: "--anonymous-auth", compliant: "`false`."),
      remediation: kubeletRemediation(
        config: "authentication:\n  anonymous:\n    enabled: false", flag: "--anonymous-auth"),
      defaultValue: """
        The flag defaults to `true`; with a config file the field defaults to `false`, and the EKS-optimized AMIs \
        write `false`.
        """,
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-amis.html
        """
    ),
    "3.2.2": sharing(
      "4.2.2",
      audit: kubeletAudit(
        field: "authorization.mode", flag: "--authorization-mode", compliant: "`Webhook` (anything but `AlwaysAllow`)."),
      remediation: kubeletRemediation(
        config: "authorization:\n  mode: Webhook\nauthentication:\n  webhook:\n    enabled: true",
        flag: "--authorization-mode"),
      defaultValue: """
        The flag defaults to `AlwaysAllow`; with a config file the field defaults to `Webhook`, which the \
        EKS-optimized AMIs also write.
        """,
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-amis.html
        """
    ),
    "3.2.3": sharing(
      "4.2.3",
      audit: kubeletAudit(
        field: "authentication.x509.clientCAFile", flag: "--client-ca-file",
        compliant: "a path to the cluster's CA bundle (`/etc/kubernetes/pki/ca.crt` on the EKS-optimized AMIs)."),
      remediation: kubeletRemediation(
        config: "authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt", flag: "--client-ca-file"),
      impact: "None.",
      defaultValue: """
        No CA on the bare kubelet. The EKS-optimized AMIs write the cluster's CA to `/etc/kubernetes/pki/ca.crt` \
        at boot and name it in the config file.
        """,
      references: """
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "3.2.4": sharing(
      "4.2.4",
      audit: kubeletAudit(
        field: "readOnlyPort", flag: "--read-only-port",
        compliant: "`0` or absent from the output (the field then defaults to `0`); nothing listens on port 10255."),
      remediation: kubeletRemediation(config: "readOnlyPort: 0", flag: "--read-only-port"),
      defaultValue: """
        The flag defaults to `10255`; with a config file the field defaults to `0`, which is what EKS nodes run \
        with unless a flag or the file names a port.
        """,
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://kubernetes.io/docs/reference/networking/ports-and-protocols/
        """
    ),
    "3.2.5": sharing(
      "4.2.5",
      audit: kubeletAudit(
        field: "streamingConnectionIdleTimeout", flag: "--streaming-connection-idle-timeout",
        compliant: "a non-zero duration such as `4h0m0s` or `5m0s`."),
      remediation: kubeletRemediation(
        config: "streamingConnectionIdleTimeout: 5m", flag: "--streaming-connection-idle-timeout"),
      defaultValue: "`4h0m0s`; a zero written in the config file is also replaced by `4h0m0s`.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "3.2.6": sharing(
      "4.2.6",
      audit: kubeletAudit(field: "protectKernelDefaults", flag: "--protect-kernel-defaults", compliant: "`true`."),
      remediation: """
        First give the node the kernel settings the kubelet expects (`vm.overcommit_memory=1`, \
        `vm.panic_on_oom=0`, `kernel.panic=10`, `kernel.panic_on_oops=1`) in a file under `/etc/sysctl.d/`, or \
        the kubelet refuses to start. Then:

        \(kubeletRemediation(config: "protectKernelDefaults: true", flag: "--protect-kernel-defaults"))
        """,
      defaultValue: """
        `false` in the kubelet. Recent EKS-optimized Amazon Linux AMIs set `true` together with the matching \
        kernel settings; check the AMI your nodes run.
        """,
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-amis.html
        """
    ),
    "3.2.7": sharing(
      "4.2.7",
      audit: kubeletAudit(
        field: "makeIPTablesUtilChains", flag: "--make-iptables-util-chains", compliant: "`true` (the default)."),
      remediation: kubeletRemediation(config: "makeIPTablesUtilChains: true", flag: "--make-iptables-util-chains"),
      defaultValue: "`true`.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "3.2.8": sharing(
      "4.2.8",
      audit: """
        ```
        ps -o args= -C kubelet | grep -o -- '--hostname-override[= ][^ ]*'
        grep -rs hostname-override /etc/systemd/system/kubelet.service.d/ /etc/eks/
        ```

        Compliant: nothing is printed.
        """,
      remediation: """
        Remove `--hostname-override` from `--kubelet-extra-args` (Amazon Linux 2), from `spec.kubelet.flags` of \
        the `NodeConfig` (Amazon Linux 2023) or from the kubelet's systemd drop-ins, and replace the node \
        group's nodes.
        """,
      impact: """
        The node name must stay the one EKS maps to the node's IAM role (by default the instance's private DNS \
        name). Where hosts get a different name (custom DHCP options), fix the host name first, or the node \
        cannot register.
        """,
      defaultValue: """
        Not set by the kubelet. Bootstrap scripts of some AMIs add it, for example when the VPC's DHCP options \
        give hosts a name other than their private DNS name.
        """,
      references: """
        https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
        https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
        """
    ),
    "3.2.9": sharing(
      "4.2.9",
      audit: kubeletAudit(
        field: "eventRecordQPS", flag: "--event-qps",
        compliant: "`0`, or a value you have checked against your event volume."),
      remediation: kubeletRemediation(config: "eventRecordQPS: 0", flag: "--event-qps"),
      impact: """
        With no limit, a node in trouble can send many events to the API server; watch the API server's request \
        rate after the change.
        """,
      defaultValue: "`50` in current kubelets (`5` before Kubernetes 1.27); the EKS-optimized AMIs do not change it.",
      references: """
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "3.2.10": sharing(
      "4.2.11",
      audit: kubeletAudit(field: "rotateCertificates", flag: "--rotate-certificates", compliant: "`true`."),
      remediation: kubeletRemediation(config: "rotateCertificates: true", flag: "--rotate-certificates"),
      impact: "None: with certificates in use, the kubelet requests a new one before the old one expires.",
      defaultValue: """
        `false` in the kubelet's configuration defaults. EKS nodes normally authenticate with a token from the \
        node's IAM role (the kubeconfig's `exec` plugin) rather than a client certificate, but the setting is \
        judged all the same.
        """,
      references: """
        https://kubernetes.io/docs/tasks/tls/certificate-rotation/
        https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
        """
    ),
    "3.2.11": RuleText(
      description: """
        The kubelet's `RotateKubeletServerCertificate` feature gate (`--feature-gates` / `featureGates`) must not \
        be turned off, so that a kubelet with `serverTLSBootstrap: true` requests its serving certificate from \
        the cluster and renews it before it expires.
        """,
      rationale: """
        A serving certificate signed by the cluster lets the API server and monitoring agents verify the \
        kubelet they talk to. Renewing it automatically keeps it short-lived, so a leaked key is useful only \
        briefly and a certificate never lapses unnoticed.
        """,
      audit: kubeletAudit(
        field: "featureGates", flag: "--feature-gates",
        compliant: """
          `RotateKubeletServerCertificate` is absent (on by default) or `true`. For the certificate to come from \
          the cluster, `.kubeletconfig.serverTLSBootstrap` should be `true` as well.
          """),
      remediation: """
        \(kubeletRemediation(
          config: "featureGates:\n  RotateKubeletServerCertificate: true\nserverTLSBootstrap: true",
          flag: "--feature-gates"))

        Then check that the `kubernetes.io/kubelet-serving` certificate requests of new nodes are approved \
        (`kubectl get csr`).
        """,
      impact: """
        Until its serving certificate request is approved the kubelet has no serving certificate, and \
        `kubectl logs` or `exec` into its pods fail.
        """,
      defaultValue: """
        The gate is on by default (beta since Kubernetes 1.12). Current EKS-optimized Amazon Linux AMIs also \
        write it, with `serverTLSBootstrap: true`, in the config file.
        """,
      references: """
        https://kubernetes.io/docs/tasks/tls/certificate-rotation/
        https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
        """
    ),
  ]
}
