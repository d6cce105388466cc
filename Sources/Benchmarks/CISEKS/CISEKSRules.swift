import KSPMCore

// The cis_eks v1.0.1 rule table: one row per rule, in rule-number order.
// Each row: number, section, profile, title (exactly as Kibana's rule templates have it),
// the resources the rule targets, and the check it runs. Where a check differs from Elastic's
// Rego, docs/deviations.md says how and why.

extension CISEKS {
  // Sections.
  static let logging = "Logging"
  static let workerFiles = "Worker Node Configuration Files"
  static let kubelet = "Kubelet"
  static let podSecurity = "Pod Security Policies"
  static let imageRegistry = "Image Registry and Image Scanning"
  static let kms = "AWS Key Management Service (KMS)"
  static let networking = "Cluster Networking"

  // Profiles.
  static let level1 = "Level 1"
  static let level2 = "Level 2"

  /// The kubelet's kubeconfig on the EKS-optimized AMIs (Amazon Linux 2 and 2023), its `--kubeconfig`.
  static let kubeletKubeconfig = "/var/lib/kubelet/kubeconfig"

  /// All 31 rules.
  static let definitions: [RuleDefinition] = [
    // MARK: Logging
    RuleDefinition(
      "2.1.1", logging, level1,
      "Enable audit Logs",
      cloud: .eksCluster, .allControlPlaneLogTypes),

    // MARK: Worker Node Configuration Files
    RuleDefinition(
      "3.1.1", workerFiles, level1,
      "Ensure that the kubeconfig file permissions are set to 644 or more restrictive",
      file: .path(kubeletKubeconfig), .permissions(atMost: 0o644)),
    RuleDefinition(
      "3.1.2", workerFiles, level1,
      "Ensure that the kubelet kubeconfig file ownership is set to root:root",
      file: .path(kubeletKubeconfig), .ownership("root", "root")),
    RuleDefinition(
      "3.1.3", workerFiles, level1,
      "Ensure that the kubelet configuration file has permissions set to 644 or more restrictive",
      file: KubeletTargets.configFile, .permissions(atMost: 0o644)),
    RuleDefinition(
      "3.1.4", workerFiles, level1,
      "Ensure that the kubelet configuration file ownership is set to root:root",
      file: KubeletTargets.configFile, .ownership("root", "root")),

    // MARK: Kubelet
    RuleDefinition(
      "3.2.1", kubelet, level1,
      "Ensure that the --anonymous-auth argument is set to false",
      process: KubeletTargets.process, .kubelet(.anonymousAuth, .bool(false))),
    RuleDefinition(
      "3.2.2", kubelet, level1,
      "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
      process: KubeletTargets.process, .kubelet(.authorizationMode, .notEquals("AlwaysAllow"))),
    RuleDefinition(
      "3.2.3", kubelet, level1,
      "Ensure that the --client-ca-file argument is set as appropriate",
      process: KubeletTargets.process, .kubelet(.clientCAFile, .isSet)),
    RuleDefinition(
      "3.2.4", kubelet, level1,
      "Ensure that the --read-only-port is secured",
      process: KubeletTargets.process, .kubelet(.readOnlyPort, .number(.equal, 0))),
    RuleDefinition(
      "3.2.5", kubelet, level1,
      "Ensure that the --streaming-connection-idle-timeout argument is not set to 0",
      process: KubeletTargets.process, .kubelet(.streamingConnectionIdleTimeout, .duration(.notEqual, .seconds(0)))),
    RuleDefinition(
      "3.2.6", kubelet, level1,
      "Ensure that the --protect-kernel-defaults argument is set to true",
      process: KubeletTargets.process, .kubelet(.protectKernelDefaults, .bool(true))),
    RuleDefinition(
      "3.2.7", kubelet, level1,
      "Ensure that the --make-iptables-util-chains argument is set to true",
      process: KubeletTargets.process, .kubelet(.makeIPTablesUtilChains, .bool(true))),
    RuleDefinition(
      "3.2.8", kubelet, level1,
      "Ensure that the --hostname-override argument is not set",
      process: KubeletTargets.process, .kubelet(.hostnameOverride, .notSet)),
    RuleDefinition(
      "3.2.9", kubelet, level2,
      "Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture",
      process: KubeletTargets.process, .kubelet(.eventQPS, .number(.equal, 0))),
    RuleDefinition(
      "3.2.10", kubelet, level2,
      "Ensure that the --rotate-certificates argument is not set to false",
      process: KubeletTargets.process, .kubelet(.rotateCertificates, .bool(true))),
    RuleDefinition(
      "3.2.11", kubelet, level1,
      "Ensure that the RotateKubeletServerCertificate argument is set to true",
      process: KubeletTargets.process, .kubelet(.rotateKubeletServerCertificate, .bool(true))),

    // MARK: Pod Security Policies
    RuleDefinition(
      "4.2.1", podSecurity, level1,
      "Minimize the admission of privileged containers",
      pods: .everyContainer(.privileged)),
    RuleDefinition(
      "4.2.2", podSecurity, level1,
      "Minimize the admission of containers wishing to share the host process ID namespace",
      pods: .noHostNamespace(.pid)),
    RuleDefinition(
      "4.2.3", podSecurity, level1,
      "Minimize the admission of containers wishing to share the host IPC namespace",
      pods: .noHostNamespace(.ipc)),
    RuleDefinition(
      "4.2.4", podSecurity, level1,
      "Minimize the admission of containers wishing to share the host network namespace",
      pods: .noHostNamespace(.network)),
    RuleDefinition(
      "4.2.5", podSecurity, level1,
      "Minimize the admission of containers with allowPrivilegeEscalation",
      pods: .everyContainer(.allowPrivilegeEscalation)),
    RuleDefinition(
      "4.2.6", podSecurity, level2,
      "Minimize the admission of root containers",
      pods: .everyContainer(.runAsRoot)),
    RuleDefinition(
      "4.2.7", podSecurity, level1,
      "Minimize the admission of containers with the NET_RAW capability",
      pods: .everyContainer(.netRawCapability)),
    RuleDefinition(
      "4.2.8", podSecurity, level1,
      "Minimize the admission of containers with added capabilities",
      pods: .everyContainer(.addedCapabilities)),
    RuleDefinition(
      "4.2.9", podSecurity, level2,
      "Minimize the admission of containers with capabilities assigned",
      pods: .everyContainer(.assignedCapabilities)),

    // MARK: Image Registry and Image Scanning
    RuleDefinition(
      "5.1.1", imageRegistry, level1,
      "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider",
      cloud: .ecrRepository, .scanOnPush),

    // MARK: AWS Key Management Service (KMS)
    RuleDefinition(
      "5.3.1", kms, level1,
      "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
      cloud: .eksCluster, .secretsEncryptedWithKMS),

    // MARK: Cluster Networking
    RuleDefinition(
      "5.4.1", networking, level1,
      "Restrict Access to the Control Plane Endpoint",
      cloud: .eksCluster, .endpointAccess(.restricted)),
    RuleDefinition(
      "5.4.2", networking, level2,
      "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
      cloud: .eksCluster, .endpointAccess(.privateOnly)),
    RuleDefinition(
      "5.4.3", networking, level1,
      "Ensure clusters are created with Private Nodes",
      kinds: [.node], .noExternalIP),
    RuleDefinition(
      "5.4.5", networking, level2,
      "Encrypt traffic to HTTPS load balancers with TLS certificates",
      cloud: .classicLoadBalancer, .listenersUseTLS),
  ]
}
