// The cis_eks recommendations kspmbeat has no check for (Elastic's rule set has none either):
// 21 of the CIS Amazon EKS Benchmark v1.0.1's 52. Titles as the CIS document words them; the audit
// text is our own. A scan lists them as manual, never as findings.

extension CISEKS {
  // Sections that hold manual rules only.
  static let rbac = "RBAC and Service Accounts"
  static let cniPlugin = "CNI Plugin"
  static let secrets = "Secrets Management"
  static let admissionControl = "Extensible Admission Control"
  static let generalPolicies = "General Policies"
  static let iam = "Identity and Access Management (IAM)"
  static let authentication = "Authentication and Authorization"
  static let otherConfiguration = "Other Cluster Configurations"

  /// The parts of the benchmark by kube-bench's target names.
  static let targets = [
    ScanTarget("controlplane", sections: ["2"]), ScanTarget("node", aliases: ["worker"], sections: ["3"]),
    ScanTarget("policies", sections: ["4"]), ScanTarget("managedservices", sections: ["5"]),
  ]

  /// All 21 manual rules.
  static let manualRules: [ManualRule] = [
    ManualRule(
      "4.1.1", rbac, level1, "Ensure that the cluster-admin role is only used where required",
      audit: """
        `kubectl get clusterrolebindings -o custom-columns=NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name \
        | grep cluster-admin`, and the IAM principals mapped to `system:masters` (aws-auth ConfigMap, access \
        entries). Compliant: every subject needs full control of the cluster.
        """),
    ManualRule(
      "4.1.2", rbac, level1, "Minimize access to secrets",
      audit: """
        List the Roles and ClusterRoles granting `get`, `list` or `watch` on `secrets` and who is bound to them. \
        Compliant: only subjects that need Secrets.
        """),
    ManualRule(
      "4.1.3", rbac, level1, "Minimize wildcard use in Roles and ClusterRoles",
      audit: """
        `kubectl get roles,clusterroles -A -o yaml | grep -n '"\\*"'`; `kspmbeat scan --benchmark cis_k8s --rules \
        5.1.3` runs the same check. Compliant: no `*` in your own roles' resources or verbs.
        """),
    ManualRule(
      "4.1.4", rbac, level1, "Minimize access to create pods",
      audit: """
        List the Roles and ClusterRoles granting `create` on `pods` (or on workloads that create them) and who is \
        bound to them. Compliant: only subjects that need it.
        """),
    ManualRule(
      "4.1.5", rbac, level1, "Ensure that default service accounts are not actively used.",
      audit: """
        `kubectl get serviceaccounts -A | grep default`, and the bindings naming them; `kspmbeat scan --benchmark \
        cis_k8s --rules 5.1.5` runs the same check. Compliant: no rights bound to `default` accounts and \
        `automountServiceAccountToken: false` on them.
        """),
    ManualRule(
      "4.1.6", rbac, level1, "Ensure that Service Account Tokens are only mounted where necessary",
      audit: """
        Review the pods and service accounts that mount a token; `kspmbeat scan --benchmark cis_k8s --rules 5.1.6` \
        runs the same check. Compliant: only pods that call the API mount one.
        """),
    ManualRule(
      "4.3.1", cniPlugin, level1, "Ensure latest CNI version is used",
      audit: """
        `kubectl describe daemonset aws-node -n kube-system | grep Image`, against the latest Amazon VPC CNI \
        release for the cluster's version. Compliant: current.
        """),
    ManualRule(
      "4.3.2", cniPlugin, level2, "Ensure that all Namespaces have Network Policies defined",
      audit: """
        `kubectl get networkpolicy -A` against `kubectl get namespaces`. Compliant: every namespace with \
        workloads has policies, and a network policy engine enforces them.
        """),
    ManualRule(
      "4.4.1", secrets, level2, "Prefer using secrets as files over secrets as environment variables",
      audit: """
        `kubectl get pods -A -o json | jq '.items[] | select(any(.spec.containers[].env[]?; .valueFrom.secretKeyRef)) \
        | .metadata.name'`. Compliant: Secrets are mounted as files.
        """),
    ManualRule(
      "4.4.2", secrets, level2, "Consider external secret storage",
      audit: """
        Review where Secrets are kept. Compliant: AWS Secrets Manager, Parameter Store or another audited store \
        when the cluster's needs call for it.
        """),
    ManualRule(
      "4.5.1", admissionControl, level2, "Configure Image Provenance using ImagePolicyWebhook admission controller",
      audit: """
        `kubectl get validatingwebhookconfigurations`, looking for a policy engine or webhook that verifies image \
        sources or signatures (EKS does not expose the API server's admission plugin flags). Compliant: only \
        images from trusted sources are admitted.
        """),
    ManualRule(
      "4.6.1", generalPolicies, level1, "Create administrative boundaries between resources using namespaces",
      audit: """
        `kubectl get namespaces`. Compliant: applications and teams have namespaces of their own, with RBAC, \
        quotas and network policies per namespace.
        """),
    ManualRule(
      "4.6.2", generalPolicies, level2, "Apply Security Context to Your Pods and Containers",
      audit: """
        Review the pod specs. Compliant: each sets a securityContext suited to it (non-root user, no privilege \
        escalation, dropped capabilities, read-only root file system where it can).
        """),
    ManualRule(
      "4.6.3", generalPolicies, level2, "The default namespace should not be used",
      audit: "`kubectl get all -n default`. Compliant: nothing but the `kubernetes` Service."),
    ManualRule(
      "5.1.2", imageRegistry, level1, "Minimize user access to Amazon ECR",
      audit: """
        Review the IAM policies granting `ecr:*` actions, and the repository policies. Compliant: people and \
        pipelines have only the ECR actions they need, on their own repositories.
        """),
    ManualRule(
      "5.1.3", imageRegistry, level1, "Minimize cluster access to read-only for Amazon ECR",
      audit: """
        Review the node role's policies (`AmazonEC2ContainerRegistryReadOnly` or equivalent). Compliant: nodes \
        can only pull, never push or delete.
        """),
    ManualRule(
      "5.1.4", imageRegistry, level2, "Minimize Container Registries to only those approved",
      audit: """
        List the registries of the images pods run (`kubectl get pods -A -o jsonpath='{..image}'`) and the \
        admission policy on them. Compliant: only approved registries, enforced.
        """),
    ManualRule(
      "5.2.1", iam, level1, "Prefer using dedicated EKS Service Accounts",
      audit: """
        Review which pods call AWS and how they get credentials. Compliant: IAM roles for service accounts (IRSA) \
        or EKS Pod Identity per workload, not the node role.
        """),
    ManualRule(
      "5.4.4", networking, level1, "Ensure Network Policy is Enabled and set as appropriate",
      audit: """
        Check that a network policy engine runs (the VPC CNI's network policy agent, Calico, Cilium) and that \
        namespaces have policies. Compliant: policies are enforced.
        """),
    ManualRule(
      "5.5.1", authentication, level2, "Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes",
      audit: """
        `kubectl -n kube-system get configmap aws-auth -o yaml`, or `aws eks list-access-entries`. Compliant: \
        people reach the cluster through IAM identities mapped to RBAC groups, not static credentials.
        """),
    ManualRule(
      "5.6.1", otherConfiguration, level2, "Consider Fargate for running untrusted workloads",
      audit: """
        Review where untrusted workloads run (`aws eks list-fargate-profiles`). Compliant: they run on Fargate, or \
        on nodes isolated from the rest.
        """),
  ]
}
