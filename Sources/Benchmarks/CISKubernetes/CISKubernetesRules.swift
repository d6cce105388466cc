import KSPMCore

// The cis_k8s v1.0.1 rule table: one row per rule, in rule-number order.
// Each row: number, section, profile, title (exactly as Kibana's rule templates have it),
// the resources the rule targets, and the check it runs. Where a check differs from Elastic's
// Rego, docs/deviations.md says how and why.

extension CISKubernetes {
  // Sections.
  static let controlPlaneFiles = "Control Plane Node Configuration Files"
  static let apiServer = "API Server"
  static let controllerManager = "Controller Manager"
  static let scheduler = "Scheduler"
  static let etcd = "etcd"
  static let workerFiles = "Worker Node Configuration Files"
  static let kubelet = "Kubelet"
  static let rbac = "RBAC and Service Accounts"
  static let podSecurity = "Pod Security Standards"

  // Profiles.
  static let l1Master = "Level 1 - Master Node"
  static let l2Master = "Level 2 - Master Node"
  static let l1Worker = "Level 1 - Worker Node"
  static let l2Worker = "Level 2 - Worker Node"

  // Node paths (kubeadm layout).
  static let apiServerManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml"
  static let controllerManagerManifest = "/etc/kubernetes/manifests/kube-controller-manager.yaml"
  static let schedulerManifest = "/etc/kubernetes/manifests/kube-scheduler.yaml"
  static let etcdManifest = "/etc/kubernetes/manifests/etcd.yaml"
  static let etcdDataDir = "/var/lib/etcd"
  static let adminConf = "/etc/kubernetes/admin.conf"
  static let schedulerConf = "/etc/kubernetes/scheduler.conf"
  static let controllerManagerConf = "/etc/kubernetes/controller-manager.conf"
  static let pkiDir = "/etc/kubernetes/pki"
  /// The kubeadm drop-in: older packages put it under /etc, the pkgs.k8s.io packages under /usr/lib.
  static let kubeletServiceFiles = [
    "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
  ]
  static let kubeletKubeconfig = "/etc/kubernetes/kubelet.conf"
  /// The kubelet's `--config` file, found through the running kubelet's flag (kubeadm:
  /// `/var/lib/kubelet/config.yaml`).
  static let kubeletConfigFile = KubeletTargets.configFile

  // Processes, by full executable name, with what else they read.
  static let apiServerProcess = ProcessSpec(name: "kube-apiserver")
  static let controllerManagerProcess = ProcessSpec(name: "kube-controller-manager")
  static let schedulerProcess = ProcessSpec(name: "kube-scheduler")
  static let etcdProcess = ProcessSpec(
    name: "etcd", configFlags: ["config-file"], environmentFlags: etcdEnvironmentFlags,
    exclusiveConfigFile: etcdConfigFile)
  /// etcd reads every flag from `ETCD_<FLAG>` too (systemd units often set them); only the flags
  /// section 2 checks are collected.
  static let etcdEnvironmentFlags = EnvironmentFlags(
    prefix: "ETCD_",
    flags: [
      "cert-file", "key-file", "client-cert-auth", "auto-tls", "peer-cert-file", "peer-key-file",
      "peer-client-cert-auth", "peer-auto-tls",
    ])
  /// With `--config-file` etcd reads only that file (flags and `ETCD_*` are ignored); the settings
  /// section 2 checks, where the file keeps them.
  static let etcdConfigFile = ExclusiveConfigFile(
    flag: "config-file",
    settings: [
      "cert-file": ["client-transport-security", "cert-file"],
      "key-file": ["client-transport-security", "key-file"],
      "client-cert-auth": ["client-transport-security", "client-cert-auth"],
      "auto-tls": ["client-transport-security", "auto-tls"],
      "peer-cert-file": ["peer-transport-security", "cert-file"],
      "peer-key-file": ["peer-transport-security", "key-file"],
      "peer-client-cert-auth": ["peer-transport-security", "client-cert-auth"],
      "peer-auto-tls": ["peer-transport-security", "auto-tls"],
    ])
  /// The kubelet's settings come from its flags and from the file its `--config` names.
  static let kubeletProcess = KubeletTargets.process

  /// The cipher suites the CIS text lists for the API server (1.2.32).
  static let apiServerStrongCiphers = [
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384",
  ]

  /// The cipher suites the CIS text lists for the kubelet (4.2.13).
  static let kubeletStrongCiphers = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
  ]

  /// All 92 rules.
  static let definitions: [RuleDefinition] = [
    // MARK: Control Plane Node Configuration Files
    RuleDefinition(
      "1.1.1", controlPlaneFiles, l1Master,
      "Ensure that the API server pod specification file permissions are set to 644 or more restrictive",
      file: .path(apiServerManifest), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.2", controlPlaneFiles, l1Master,
      "Ensure that the API server pod specification file ownership is set to root:root",
      file: .path(apiServerManifest), .ownership("root", "root")),
    RuleDefinition(
      "1.1.3", controlPlaneFiles, l1Master,
      "Ensure that the controller manager pod specification file permissions are set to 644 or more restrictive",
      file: .path(controllerManagerManifest), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.4", controlPlaneFiles, l1Master,
      "Ensure that the controller manager pod specification file ownership is set to root:root",
      file: .path(controllerManagerManifest), .ownership("root", "root")),
    RuleDefinition(
      "1.1.5", controlPlaneFiles, l1Master,
      "Ensure that the scheduler pod specification file permissions are set to 644 or more restrictive",
      file: .path(schedulerManifest), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.6", controlPlaneFiles, l1Master,
      "Ensure that the scheduler pod specification file ownership is set to root:root",
      file: .path(schedulerManifest), .ownership("root", "root")),
    RuleDefinition(
      "1.1.7", controlPlaneFiles, l1Master,
      "Ensure that the etcd pod specification file permissions are set to 644 or more restrictive",
      file: .path(etcdManifest), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.8", controlPlaneFiles, l1Master,
      "Ensure that the etcd pod specification file ownership is set to root:root",
      file: .path(etcdManifest), .ownership("root", "root")),
    RuleDefinition(
      "1.1.11", controlPlaneFiles, l1Master,
      "Ensure that the etcd data directory permissions are set to 700 or more restrictive",
      file: .treeWhileRunning(etcdDataDir, process: etcdProcess.name), .permissions(atMost: 0o700)),
    RuleDefinition(
      "1.1.12", controlPlaneFiles, l1Master,
      "Ensure that the etcd data directory ownership is set to etcd:etcd",
      file: .treeWhileRunning(etcdDataDir, process: etcdProcess.name), .ownership("etcd", "etcd")),
    RuleDefinition(
      "1.1.13", controlPlaneFiles, l1Master,
      "Ensure that the admin.conf file permissions are set to 600",
      file: .path(adminConf), .permissions(atMost: 0o600)),
    RuleDefinition(
      "1.1.14", controlPlaneFiles, l1Master,
      "Ensure that the admin.conf file ownership is set to root:root",
      file: .path(adminConf), .ownership("root", "root")),
    RuleDefinition(
      "1.1.15", controlPlaneFiles, l1Master,
      "Ensure that the scheduler.conf file permissions are set to 644 or more restrictive",
      file: .path(schedulerConf), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.16", controlPlaneFiles, l1Master,
      "Ensure that the scheduler.conf file ownership is set to root:root",
      file: .path(schedulerConf), .ownership("root", "root")),
    RuleDefinition(
      "1.1.17", controlPlaneFiles, l1Master,
      "Ensure that the controller-manager.conf file permissions are set to 644 or more restrictive",
      file: .path(controllerManagerConf), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.18", controlPlaneFiles, l1Master,
      "Ensure that the controller-manager.conf file ownership is set to root:root",
      file: .path(controllerManagerConf), .ownership("root", "root")),
    RuleDefinition(
      "1.1.19", controlPlaneFiles, l1Master,
      "Ensure that the Kubernetes PKI directory and file ownership is set to root:root",
      file: .tree(pkiDir), .ownership("root", "root")),
    RuleDefinition(
      "1.1.20", controlPlaneFiles, l1Master,
      "Ensure that the Kubernetes PKI certificate file permissions are set to 644 or more restrictive",
      file: .filesBelow(pkiDir, suffix: ".crt"), .permissions(atMost: 0o644)),
    RuleDefinition(
      "1.1.21", controlPlaneFiles, l1Master,
      "Ensure that the Kubernetes PKI key file permissions are set to 600",
      file: .filesBelow(pkiDir, suffix: ".key"), .permissions(atMost: 0o600)),

    // MARK: API Server
    RuleDefinition(
      "1.2.2", apiServer, l1Master,
      "Ensure that the --token-auth-file parameter is not set",
      process: apiServerProcess, .flagNotSet("--token-auth-file")),
    RuleDefinition(
      "1.2.4", apiServer, l1Master,
      "Ensure that the --kubelet-https argument is set to true",
      process: apiServerProcess, .flag("--kubelet-https", .bool(true), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.2.5", apiServer, l1Master,
      "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate",
      process: apiServerProcess, .flagsSet("--kubelet-client-certificate", "--kubelet-client-key")),
    RuleDefinition(
      "1.2.6", apiServer, l1Master,
      "Ensure that the --kubelet-certificate-authority argument is set as appropriate",
      process: apiServerProcess, .flagSet("--kubelet-certificate-authority")),
    RuleDefinition(
      "1.2.7", apiServer, l1Master,
      "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
      process: apiServerProcess,
      .flag("--authorization-mode", .listNotContains("AlwaysAllow"), whenAbsent: .useDefault("AlwaysAllow"))),
    RuleDefinition(
      "1.2.8", apiServer, l1Master,
      "Ensure that the --authorization-mode argument includes Node",
      process: apiServerProcess,
      .flag("--authorization-mode", .listContains("Node"), whenAbsent: .useDefault("AlwaysAllow"))),
    RuleDefinition(
      "1.2.9", apiServer, l1Master,
      "Ensure that the --authorization-mode argument includes RBAC",
      process: apiServerProcess,
      .flag("--authorization-mode", .listContains("RBAC"), whenAbsent: .useDefault("AlwaysAllow"))),
    RuleDefinition(
      "1.2.10", apiServer, l1Master,
      "Ensure that the admission control plugin EventRateLimit is set",
      process: apiServerProcess, .flag("--enable-admission-plugins", .listContains("EventRateLimit"), whenAbsent: .fail)
    ),
    RuleDefinition(
      "1.2.11", apiServer, l1Master,
      "Ensure that the admission control plugin AlwaysAdmit is not set",
      process: apiServerProcess, .flag("--enable-admission-plugins", .listNotContains("AlwaysAdmit"), whenAbsent: .pass)
    ),
    RuleDefinition(
      "1.2.12", apiServer, l1Master,
      "Ensure that the admission control plugin AlwaysPullImages is set",
      process: apiServerProcess,
      .flag("--enable-admission-plugins", .listContains("AlwaysPullImages"), whenAbsent: .fail)),
    RuleDefinition(
      "1.2.13", apiServer, l1Master,
      "Ensure that the admission control plugin SecurityContextDeny is set if PodSecurityPolicy is not used",
      process: apiServerProcess,
      .flag(
        "--enable-admission-plugins", .listContainsAny(["SecurityContextDeny", "PodSecurityPolicy"]), whenAbsent: .fail)
    ),
    RuleDefinition(
      "1.2.14", apiServer, l1Master,
      "Ensure that the admission control plugin ServiceAccount is set",
      process: apiServerProcess,
      .flag("--disable-admission-plugins", .listNotContains("ServiceAccount"), whenAbsent: .pass)),
    RuleDefinition(
      "1.2.15", apiServer, l1Master,
      "Ensure that the admission control plugin NamespaceLifecycle is set",
      process: apiServerProcess,
      .flag("--disable-admission-plugins", .listNotContains("NamespaceLifecycle"), whenAbsent: .pass)),
    RuleDefinition(
      "1.2.16", apiServer, l1Master,
      "Ensure that the admission control plugin NodeRestriction is set",
      process: apiServerProcess,
      .flag("--enable-admission-plugins", .listContains("NodeRestriction"), whenAbsent: .fail)),
    RuleDefinition(
      "1.2.17", apiServer, l1Master,
      "Ensure that the --secure-port argument is not set to 0",
      process: apiServerProcess, .flag("--secure-port", .number(.greaterThan, 0), whenAbsent: .useDefault("6443"))),
    RuleDefinition(
      "1.2.18", apiServer, l1Master,
      "Ensure that the --profiling argument is set to false",
      process: apiServerProcess, .flag("--profiling", .bool(false), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.2.19", apiServer, l1Master,
      "Ensure that the --audit-log-path argument is set",
      process: apiServerProcess, .flagSet("--audit-log-path")),
    RuleDefinition(
      "1.2.20", apiServer, l1Master,
      "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate",
      process: apiServerProcess, .flag("--audit-log-maxage", .number(.greaterOrEqual, 30), whenAbsent: .useDefault("0"))
    ),
    RuleDefinition(
      "1.2.21", apiServer, l1Master,
      "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate",
      process: apiServerProcess,
      .flag("--audit-log-maxbackup", .number(.greaterOrEqual, 10), whenAbsent: .useDefault("0"))),
    RuleDefinition(
      "1.2.22", apiServer, l1Master,
      "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate",
      process: apiServerProcess,
      .flag("--audit-log-maxsize", .number(.greaterOrEqual, 100), whenAbsent: .useDefault("0"))),
    RuleDefinition(
      "1.2.23", apiServer, l1Master,
      "Ensure that the --request-timeout argument is set as appropriate",
      process: apiServerProcess,
      .flag("--request-timeout", .duration(.greaterOrEqual, .seconds(60)), whenAbsent: .useDefault("1m0s"))),
    RuleDefinition(
      "1.2.24", apiServer, l1Master,
      "Ensure that the --service-account-lookup argument is set to true",
      process: apiServerProcess, .flag("--service-account-lookup", .bool(true), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.2.25", apiServer, l1Master,
      "Ensure that the --service-account-key-file argument is set as appropriate",
      process: apiServerProcess, .flagSet("--service-account-key-file")),
    RuleDefinition(
      "1.2.26", apiServer, l1Master,
      "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate",
      process: apiServerProcess, .flagsSet("--etcd-certfile", "--etcd-keyfile")),
    RuleDefinition(
      "1.2.27", apiServer, l1Master,
      "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate",
      process: apiServerProcess, .flagsSet("--tls-cert-file", "--tls-private-key-file")),
    RuleDefinition(
      "1.2.28", apiServer, l1Master,
      "Ensure that the --client-ca-file argument is set as appropriate",
      process: apiServerProcess, .flagSet("--client-ca-file")),
    RuleDefinition(
      "1.2.29", apiServer, l1Master,
      "Ensure that the --etcd-cafile argument is set as appropriate",
      process: apiServerProcess, .flagSet("--etcd-cafile")),
    RuleDefinition(
      "1.2.32", apiServer, l1Master,
      "Ensure that the API Server only makes use of Strong Cryptographic Ciphers",
      process: apiServerProcess, .flag("--tls-cipher-suites", .listWithin(apiServerStrongCiphers), whenAbsent: .fail)),

    // MARK: Controller Manager
    RuleDefinition(
      "1.3.2", controllerManager, l1Master,
      "Ensure that the --profiling argument is set to false",
      process: controllerManagerProcess, .flag("--profiling", .bool(false), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.3.3", controllerManager, l1Master,
      "Ensure that the --use-service-account-credentials argument is set to true",
      process: controllerManagerProcess,
      .flag("--use-service-account-credentials", .bool(true), whenAbsent: .useDefault("false"))),
    RuleDefinition(
      "1.3.4", controllerManager, l1Master,
      "Ensure that the --service-account-private-key-file  argument is set as appropriate",
      process: controllerManagerProcess, .flagSet("--service-account-private-key-file")),
    RuleDefinition(
      "1.3.5", controllerManager, l1Master,
      "Ensure that the --root-ca-file argument is set as appropriate",
      process: controllerManagerProcess, .flagSet("--root-ca-file")),
    RuleDefinition(
      "1.3.6", controllerManager, l2Master,
      "Ensure that the RotateKubeletServerCertificate argument is set to true",
      process: controllerManagerProcess,
      .flag(
        "--feature-gates", key: "RotateKubeletServerCertificate", .bool(true), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.3.7", controllerManager, l1Master,
      "Ensure that the --bind-address argument is set to 127.0.0.1",
      process: controllerManagerProcess,
      .flag("--bind-address", .equals("127.0.0.1"), whenAbsent: .useDefault("0.0.0.0"))),

    // MARK: Scheduler
    RuleDefinition(
      "1.4.1", scheduler, l1Master,
      "Ensure that the --profiling argument is set to false",
      process: schedulerProcess, .flag("--profiling", .bool(false), whenAbsent: .useDefault("true"))),
    RuleDefinition(
      "1.4.2", scheduler, l1Master,
      "Ensure that the --bind-address argument is set to 127.0.0.1",
      process: schedulerProcess, .flag("--bind-address", .equals("127.0.0.1"), whenAbsent: .useDefault("0.0.0.0"))),

    // MARK: etcd
    RuleDefinition(
      "2.1", etcd, l1Master,
      "Ensure that the --cert-file and --key-file arguments are set as appropriate",
      process: etcdProcess, .flagsSet("--cert-file", "--key-file")),
    RuleDefinition(
      "2.2", etcd, l1Master,
      "Ensure that the --client-cert-auth argument is set to true",
      process: etcdProcess, .flag("--client-cert-auth", .bool(true), whenAbsent: .useDefault("false"))),
    RuleDefinition(
      "2.3", etcd, l1Master,
      "Ensure that the --auto-tls argument is not set to true",
      process: etcdProcess, .flag("--auto-tls", .bool(false), whenAbsent: .useDefault("false"))),
    RuleDefinition(
      "2.4", etcd, l1Master,
      "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate",
      process: etcdProcess, .flagsSet("--peer-cert-file", "--peer-key-file")),
    RuleDefinition(
      "2.5", etcd, l1Master,
      "Ensure that the --peer-client-cert-auth argument is set to true",
      process: etcdProcess, .flag("--peer-client-cert-auth", .bool(true), whenAbsent: .useDefault("false"))),
    RuleDefinition(
      "2.6", etcd, l1Master,
      "Ensure that the --peer-auto-tls argument is not set to true",
      process: etcdProcess, .flag("--peer-auto-tls", .bool(false), whenAbsent: .useDefault("false"))),

    // MARK: Worker Node Configuration Files
    RuleDefinition(
      "4.1.1", workerFiles, l1Worker,
      "Ensure that the kubelet service file permissions are set to 644 or more restrictive",
      file: .anyPath(kubeletServiceFiles), .permissions(atMost: 0o644)),
    RuleDefinition(
      "4.1.2", workerFiles, l1Worker,
      "Ensure that the kubelet service file ownership is set to root:root",
      file: .anyPath(kubeletServiceFiles), .ownership("root", "root")),
    RuleDefinition(
      "4.1.5", workerFiles, l1Worker,
      "Ensure that the --kubeconfig kubelet.conf file permissions are set to 644 or more restrictive",
      file: .path(kubeletKubeconfig), .permissions(atMost: 0o644)),
    RuleDefinition(
      "4.1.6", workerFiles, l1Worker,
      "Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root",
      file: .path(kubeletKubeconfig), .ownership("root", "root")),
    RuleDefinition(
      "4.1.9", workerFiles, l1Worker,
      "Ensure that the kubelet --config configuration file has permissions set to 644 or more restrictive",
      file: kubeletConfigFile, .permissions(atMost: 0o644)),
    RuleDefinition(
      "4.1.10", workerFiles, l1Worker,
      "Ensure that the kubelet --config configuration file ownership is set to root:root",
      file: kubeletConfigFile, .ownership("root", "root")),

    // MARK: Kubelet
    RuleDefinition(
      "4.2.1", kubelet, l1Worker,
      "Ensure that the --anonymous-auth argument is set to false",
      process: kubeletProcess, .kubelet(.anonymousAuth, .bool(false))),
    RuleDefinition(
      "4.2.2", kubelet, l1Worker,
      "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
      process: kubeletProcess, .kubelet(.authorizationMode, .notEquals("AlwaysAllow"))),
    RuleDefinition(
      "4.2.3", kubelet, l1Worker,
      "Ensure that the --client-ca-file argument is set as appropriate",
      process: kubeletProcess, .kubelet(.clientCAFile, .isSet)),
    RuleDefinition(
      "4.2.4", kubelet, l1Worker,
      "Verify that the --read-only-port argument is set to 0",
      process: kubeletProcess, .kubelet(.readOnlyPort, .number(.equal, 0))),
    RuleDefinition(
      "4.2.5", kubelet, l1Worker,
      "Ensure that the --streaming-connection-idle-timeout argument is not set to 0",
      process: kubeletProcess, .kubelet(.streamingConnectionIdleTimeout, .duration(.notEqual, .seconds(0)))),
    RuleDefinition(
      "4.2.6", kubelet, l1Worker,
      "Ensure that the --protect-kernel-defaults argument is set to true",
      process: kubeletProcess, .kubelet(.protectKernelDefaults, .bool(true))),
    RuleDefinition(
      "4.2.7", kubelet, l1Worker,
      "Ensure that the --make-iptables-util-chains argument is set to true",
      process: kubeletProcess, .kubelet(.makeIPTablesUtilChains, .bool(true))),
    RuleDefinition(
      "4.2.8", kubelet, l1Worker,
      "Ensure that the --hostname-override argument is not set",
      process: kubeletProcess, .kubelet(.hostnameOverride, .notSet)),
    RuleDefinition(
      "4.2.9", kubelet, l2Worker,
      "Ensure that the --event-qps argument is set to 0 or a level which ensures appropriate event capture",
      process: kubeletProcess, .kubelet(.eventQPS, .number(.equal, 0))),
    RuleDefinition(
      "4.2.10", kubelet, l1Worker,
      "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate",
      process: kubeletProcess, .kubelet(all: .tlsCertFile, .tlsPrivateKeyFile, are: .isSet)),
    RuleDefinition(
      "4.2.11", kubelet, l1Worker,
      "Ensure that the --rotate-certificates argument is not set to false",
      process: kubeletProcess, .kubelet(.rotateCertificates, .bool(true))),
    RuleDefinition(
      "4.2.12", kubelet, l1Worker,
      "Verify that the RotateKubeletServerCertificate argument is set to true",
      process: kubeletProcess, .kubelet(.rotateKubeletServerCertificate, .bool(true))),
    RuleDefinition(
      "4.2.13", kubelet, l1Worker,
      "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers",
      process: kubeletProcess, .kubelet(.tlsCipherSuites, .listWithin(kubeletStrongCiphers))),

    // MARK: RBAC and Service Accounts
    RuleDefinition(
      "5.1.3", rbac, l1Worker,
      "Minimize wildcard use in Roles and ClusterRoles",
      kinds: [.role, .clusterRole], .noWildcards),
    RuleDefinition(
      "5.1.5", rbac, l1Master,
      "Ensure that default service accounts are not actively used.",
      kinds: [.pod, .serviceAccount], .defaultServiceAccountUnused),
    RuleDefinition(
      "5.1.6", rbac, l1Master,
      "Ensure that Service Account Tokens are only mounted where necessary",
      kinds: [.pod, .serviceAccount], .tokenNotAutomounted),

    // MARK: Pod Security Standards
    RuleDefinition(
      "5.2.2", podSecurity, l1Master,
      "Minimize the admission of privileged containers",
      pods: .everyContainer(.privileged)),
    RuleDefinition(
      "5.2.3", podSecurity, l1Master,
      "Minimize the admission of containers wishing to share the host process ID namespace",
      pods: .noHostNamespace(.pid)),
    RuleDefinition(
      "5.2.4", podSecurity, l1Master,
      "Minimize the admission of containers wishing to share the host IPC namespace",
      pods: .noHostNamespace(.ipc)),
    RuleDefinition(
      "5.2.5", podSecurity, l1Master,
      "Minimize the admission of containers wishing to share the host network namespace",
      pods: .noHostNamespace(.network)),
    RuleDefinition(
      "5.2.6", podSecurity, l1Master,
      "Minimize the admission of containers with allowPrivilegeEscalation",
      pods: .everyContainer(.allowPrivilegeEscalation)),
    RuleDefinition(
      "5.2.7", podSecurity, l2Master,
      "Minimize the admission of root containers",
      pods: .everyContainer(.runAsRoot)),
    RuleDefinition(
      "5.2.8", podSecurity, l1Master,
      "Minimize the admission of containers with the NET_RAW capability",
      pods: .everyContainer(.netRawCapability)),
    RuleDefinition(
      "5.2.9", podSecurity, l1Master,
      "Minimize the admission of containers with added capabilities",
      pods: .everyContainer(.addedCapabilities)),
    RuleDefinition(
      "5.2.10", podSecurity, l2Master,
      "Minimize the admission of containers with capabilities assigned",
      pods: .everyContainer(.assignedCapabilities)),
  ]
}
