// Audit and remediation steps shared by the kubelet rules of CIS Amazon EKS section 3.2: the effective
// setting is read through the API server's node proxy (`configz`), and a change is made where EKS nodes get
// their kubelet configuration (nodeadm's NodeConfig on Amazon Linux 2023, the config file on Amazon Linux 2).

extension CISEKSTexts {
  /// How to read one KubeletConfiguration field (`field`, a jq path below `.kubeletconfig`) and its
  /// command-line `flag` on an EKS node; `compliant` says what passes.
  static func kubeletAudit(field: String, flag: String, compliant: String) -> String {
    """
    The kubelet reports the configuration it runs with, flags included, through the API server:

    ```
    kubectl get --raw "/api/v1/nodes/<node>/proxy/configz" | jq '.kubeletconfig.\(field)'
    ```

    On the node, `ps -o args= -C kubelet` shows whether `\(flag)` is given (a flag wins over the file) and which \
    file `--config` names (Amazon Linux 2: `/etc/kubernetes/kubelet/kubelet-config.json`; Amazon Linux 2023: \
    `/etc/kubernetes/kubelet/config.json`).

    Compliant: \(compliant)
    """
  }

  /// How to set `config` (KubeletConfiguration YAML, one key per line) on EKS nodes, and drop a
  /// conflicting `flag`.
  static func kubeletRemediation(config: String, flag: String) -> String {
    let indented = config.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
    return """
      Amazon Linux 2023 nodes: add the setting to the `NodeConfig` in the node group's launch template user \
      data (nodeadm merges it into the kubelet's config file):

      ```yaml
      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
      \(indented)
      ```

      Amazon Linux 2 nodes: set the same key in `/etc/kubernetes/kubelet/kubelet-config.json` (in the AMI you \
      build, or from user data before the kubelet starts), then `systemctl restart kubelet`.

      Either way, remove any `\(flag)` given through `--kubelet-extra-args` or `spec.kubelet.flags`, since a flag \
      overrides the file, and replace the node group's nodes so that every node runs with the change.
      """
  }
}
