// Rule prose for CIS Amazon EKS section 4.2: what Pods may ask of the node.
//
// The controls are those of CIS Kubernetes section 5.2 (4.2.1 there is 5.2.2 here, and so on), judged on
// Pods the same way, so their prose is shared. Only the host-network audit differs: on EKS the VPC CNI
// (aws-node) and kube-proxy use the host network by design.

extension CISEKSTexts {
  /// The cis_k8s pod-security prose this section shares.
  private static let k8s = CISKubernetesTexts.section52

  static let section42: [String: RuleText] = {
    var texts: [String: RuleText] = [:]
    for n in 1...9 { texts["4.2.\(n)"] = k8s["5.2.\(n + 1)"]! }
    texts["4.2.4"]!.audit = """
      ```
      kubectl get pods -A -o json | jq -r '.items[] | select(.spec.hostNetwork == true)
        | .metadata.namespace + "/" + .metadata.name'
      ```

      Compliant: only reviewed system pods are printed. On EKS the VPC CNI (`aws-node`) and `kube-proxy` pods \
      in `kube-system` use the host network by design, as do many node agents.
      """
    return texts
  }()
}
