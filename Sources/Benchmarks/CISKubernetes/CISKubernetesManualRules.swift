// The cis_k8s recommendations kspmbeat has no check for (Elastic's rule set has none either):
// 33 of the CIS Kubernetes V1.23 document's 125. Titles as the CIS document words them; the audit
// text is our own. A scan lists them as manual, never as findings.

extension CISKubernetes {
  // Sections that hold manual rules only.
  static let authentication = "Authentication and Authorization"
  static let logging = "Logging"
  static let networkPolicies = "Network Policies and CNI"
  static let secrets = "Secrets Management"
  static let admissionControl = "Extensible Admission Control"
  static let generalPolicies = "General Policies"

  /// The parts of the benchmark by kube-bench's target names.
  static let targets = [
    ScanTarget("master", sections: ["1"]), ScanTarget("etcd", sections: ["2"]),
    ScanTarget("controlplane", sections: ["3"]), ScanTarget("node", aliases: ["worker"], sections: ["4"]),
    ScanTarget("policies", sections: ["5"]),
  ]

  /// All 33 manual rules.
  static let manualRules: [ManualRule] = [
    ManualRule(
      "1.1.9", controlPlaneFiles, l1Master,
      "Ensure that the Container Network Interface file permissions are set to 644 or more restrictive",
      audit: """
        On each control plane node: `stat -c '%a %n' /etc/cni/net.d/*` (and the plugin's own files, e.g. \
        `/var/lib/cni/`). Compliant: 644 or stricter.
        """),
    ManualRule(
      "1.1.10", controlPlaneFiles, l1Master,
      "Ensure that the Container Network Interface file ownership is set to root:root",
      audit: "On each control plane node: `stat -c '%U:%G %n' /etc/cni/net.d/*`. Compliant: `root:root`."),
    ManualRule(
      "1.2.1", apiServer, l1Master, "Ensure that the --anonymous-auth argument is set to false",
      audit: """
        `pgrep -a kube-apiserver | grep -o -- '--anonymous-auth[^ ]*'`. Compliant: `--anonymous-auth=false`, or, \
        where health checks need anonymous access, RBAC that grants `system:anonymous` nothing beyond them \
        (`kubectl get clusterrolebindings,rolebindings -A -o wide | grep system:anonymous`).
        """),
    ManualRule(
      "1.2.3", apiServer, l1Master, "Ensure that the --DenyServiceExternalIPs is not set",
      audit: """
        `pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins[^ ]*'`. Compliant, as V1.23 words it: \
        `DenyServiceExternalIPs` is not in that list (later CIS versions reverse this and ask for it to be set).
        """),
    ManualRule(
      "1.2.30", apiServer, l1Master, "Ensure that the --encryption-provider-config argument is set as appropriate",
      audit: """
        `pgrep -a kube-apiserver | grep -o -- '--encryption-provider-config[^ ]*'`. Compliant: set, naming an \
        EncryptionConfiguration file.
        """),
    ManualRule(
      "1.2.31", apiServer, l1Master, "Ensure that encryption providers are appropriately configured",
      audit: """
        Open the file `--encryption-provider-config` names. Compliant: for `secrets`, the first provider is \
        `kms`, `aescbc` or `secretbox`, not `identity`.
        """),
    ManualRule(
      "1.3.1", controllerManager, l1Master,
      "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate",
      audit: """
        `pgrep -a kube-controller-manager | grep -o -- '--terminated-pod-gc-threshold[^ ]*'`. Compliant: a \
        threshold suited to the cluster's size (the default, 12500, keeps many terminated pods).
        """),
    ManualRule(
      "2.7", etcd, l2Master, "Ensure that a unique Certificate Authority is used for etcd",
      audit: """
        Compare etcd's `--trusted-ca-file` (`pgrep -a etcd`) with the API server's `--client-ca-file` \
        (`pgrep -a kube-apiserver`). Compliant: they are different CAs (kubeadm: `pki/etcd/ca.crt` and `pki/ca.crt`).
        """),
    ManualRule(
      "3.1.1", authentication, l1Master, "Client certificate authentication should not be used for users",
      audit: """
        Review how people authenticate (`kubectl config view` on their machines, the API server's \
        `--oidc-*` and webhook flags). Compliant: people use OIDC or a webhook, not client certificates, which \
        cannot be revoked.
        """),
    ManualRule(
      "3.2.1", logging, l1Master, "Ensure that a minimal audit policy is created",
      audit: """
        `pgrep -a kube-apiserver | grep -o -- '--audit-policy-file[^ ]*'`. Compliant: set, naming a readable \
        audit Policy file.
        """),
    ManualRule(
      "3.2.2", logging, l2Master, "Ensure that the audit policy covers key security concerns",
      audit: """
        Read the audit policy. Compliant: Secrets, ConfigMaps and TokenReviews at `Metadata` level (never \
        `Request`), and pods/exec, pods/attach, pods/portforward, RBAC and authentication changes logged.
        """),
    ManualRule(
      "4.1.3", workerFiles, l1Worker,
      "If proxy kubeconfig file exists ensure permissions are set to 644 or more restrictive",
      audit: """
        Find kube-proxy's `--kubeconfig` (`pgrep -a kube-proxy`; kubeadm mounts it from the `kube-proxy` \
        ConfigMap). Where it is a file on the node: `stat -c %a <file>`. Compliant: 644 or stricter.
        """),
    ManualRule(
      "4.1.4", workerFiles, l1Worker, "If proxy kubeconfig file exists ensure ownership is set to root:root",
      audit: "The same file as 4.1.3: `stat -c %U:%G <file>`. Compliant: `root:root`."),
    ManualRule(
      "4.1.7", workerFiles, l1Worker,
      "Ensure that the certificate authorities file permissions are set to 644 or more restrictive",
      audit: """
        Find the kubelet's client CA file (`--client-ca-file`, or `authentication.x509.clientCAFile` in its \
        `--config` file): `stat -c %a <file>`. Compliant: 644 or stricter.
        """),
    ManualRule(
      "4.1.8", workerFiles, l1Worker,
      "Ensure that the client certificate authorities file ownership is set to root:root",
      audit: "The same file as 4.1.7: `stat -c %U:%G <file>`. Compliant: `root:root`."),
    ManualRule(
      "5.1.1", rbac, l1Master, "Ensure that the cluster-admin role is only used where required",
      audit: """
        `kubectl get clusterrolebindings -o custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name \
        | grep cluster-admin`. Compliant: every subject listed needs full control of the cluster.
        """),
    ManualRule(
      "5.1.2", rbac, l1Master, "Minimize access to secrets",
      audit: """
        List the Roles and ClusterRoles granting `get`, `list` or `watch` on `secrets` and who is bound to them \
        (`kubectl auth can-i list secrets -A --as=<subject>`). Compliant: only subjects that need Secrets.
        """),
    ManualRule(
      "5.1.4", rbac, l1Master, "Minimize access to create pods",
      audit: """
        List the Roles and ClusterRoles granting `create` on `pods` (or on workloads that create them) and who is \
        bound to them. Compliant: only subjects that need it: creating a pod can reach every Secret and service \
        account of its namespace.
        """),
    ManualRule(
      "5.1.7", rbac, l1Master, "Avoid use of system:masters group",
      audit: """
        Look for client certificates with `O=system:masters` (issued certificates, kubeconfig files) and bindings \
        to the group. Compliant: none but the kubeadm break-glass `admin.conf`, kept offline.
        """),
    ManualRule(
      "5.1.8", rbac, l1Master, "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster",
      audit: """
        List the Roles and ClusterRoles with the verbs `bind`, `escalate` or `impersonate` and who is bound to \
        them. Compliant: only subjects that need them (each lets its holder gain rights it was not given).
        """),
    ManualRule(
      "5.2.1", podSecurity, l1Master,
      "Ensure that the cluster has at least one active policy control mechanism in place",
      audit: """
        `kubectl get namespaces --show-labels | grep pod-security.kubernetes.io/enforce`, or a policy engine \
        (Kyverno, Gatekeeper) with enforcing policies. Compliant: every namespace with workloads is covered.
        """),
    ManualRule(
      "5.2.11", podSecurity, l1Master, "Minimize the admission of Windows HostProcess Containers",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(.spec.securityContext.windowsOptions.hostProcess) | \
        .metadata.name'`, and check that admission policy forbids them. Compliant: none outside system namespaces.
        """),
    ManualRule(
      "5.2.12", podSecurity, l1Master, "Minimize the admission of HostPath volumes",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(any(.spec.volumes[]?; .hostPath)) | .metadata.name'`. \
        Compliant: none outside system namespaces, and admission policy (the baseline standard) forbids them.
        """),
    ManualRule(
      "5.2.13", podSecurity, l1Master, "Minimize the admission of containers which use HostPorts",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(any(.spec.containers[].ports[]?; .hostPort)) | \
        .metadata.name'`. Compliant: none outside system namespaces, and admission policy forbids them.
        """),
    ManualRule(
      "5.3.1", networkPolicies, l1Master, "Ensure that the CNI in use supports Network Policies",
      audit: """
        Identify the CNI plugin (`ls /etc/cni/net.d/`, the kube-system DaemonSets) and check its documentation. \
        Compliant: it enforces NetworkPolicy (Calico, Cilium, Antrea, …; flannel alone does not).
        """),
    ManualRule(
      "5.3.2", networkPolicies, l2Master, "Ensure that all Namespaces have Network Policies defined",
      audit: """
        `kubectl get networkpolicy -A` against `kubectl get namespaces`. Compliant: every namespace with \
        workloads has policies, at least a default deny.
        """),
    ManualRule(
      "5.4.1", secrets, l2Master, "Prefer using secrets as files over secrets as environment variables",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(any(.spec.containers[].env[]?; .valueFrom.secretKeyRef)) \
        | .metadata.name'`. Compliant: Secrets are mounted as files (environment variables leak into logs and \
        child processes).
        """),
    ManualRule(
      "5.4.2", secrets, l2Master, "Consider external secret storage",
      audit: """
        Review where Secrets are kept. Compliant: a secret store with auditing, rotation and access control \
        (Vault, a cloud KMS-backed store) when the cluster's needs call for it.
        """),
    ManualRule(
      "5.5.1", admissionControl, l2Master, "Configure Image Provenance using ImagePolicyWebhook admission controller",
      audit: """
        `pgrep -a kube-apiserver | grep -o -- '--enable-admission-plugins[^ ]*'`, or a policy engine verifying \
        image signatures. Compliant: only images from trusted sources are admitted.
        """),
    ManualRule(
      "5.7.1", generalPolicies, l1Master, "Create administrative boundaries between resources using namespaces",
      audit: """
        `kubectl get namespaces`. Compliant: applications and teams have namespaces of their own, with RBAC, \
        quotas and network policies per namespace.
        """),
    ManualRule(
      "5.7.2", generalPolicies, l2Master,
      "Ensure that the seccomp profile is set to docker/default in your pod definitions",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(.spec.securityContext.seccompProfile == null) | \
        .metadata.name'` (containers may set it too). Compliant: `RuntimeDefault` or a stricter profile everywhere.
        """),
    ManualRule(
      "5.7.3", generalPolicies, l2Master, "Apply Security Context to Your Pods and Containers",
      audit: """
        Review the pod specs. Compliant: each sets a securityContext suited to it (non-root user, no privilege \
        escalation, dropped capabilities, read-only root file system where it can).
        """),
    ManualRule(
      "5.7.4", generalPolicies, l2Master, "The default namespace should not be used",
      audit: """
        `kubectl get all -n default`. Compliant: nothing but the `kubernetes` Service.
        """),
  ]
}
