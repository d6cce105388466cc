import Benchmarks
import KSPMCore
import Testing

/// Golden inputs for every cis_eks rule: at least one passing and one failing each, plus the edge
/// cases of its check and where kspmbeat's verdict differs from Elastic's.
enum EKSGolden {
  static let all: [GoldenCase] = logging + files + kubeletCases + pods + cloud + nodes

  typealias Change = EKSFixture.Change

  static func cluster(_ rule: String, _ label: String, _ expected: EvaluationResult?, _ changes: Change...)
    -> GoldenCase
  {
    cluster(rule, label, expected, changes)
  }

  // MARK: Logging

  static func clusterLogging(_ entries: JSONValue) -> Change { .set("Logging", "ClusterLogging", to: entries) }

  static let logging: [GoldenCase] = [
    cluster("2.1.1", "all five types in one enabled entry pass", .passed),
    cluster(
      "2.1.1", "all five types across two enabled entries pass", .passed,
      clusterLogging([
        ["Types": ["api", "audit"], "Enabled": true],
        ["Types": ["authenticator", "controllerManager", "scheduler"], "Enabled": true],
      ])),
    cluster(
      "2.1.1", "audit and api on, the others in a disabled entry, fails", .failed,
      clusterLogging([
        ["Types": ["api", "audit"], "Enabled": true],
        ["Types": ["authenticator", "controllerManager", "scheduler"], "Enabled": false],
      ])),
    cluster(
      "2.1.1", "every type in a disabled entry fails (the EKS default)", .failed,
      clusterLogging([
        ["Types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "Enabled": false]
      ])),
    // Elastic passes this one: no entry says Enabled false.
    cluster(
      "2.1.1", "only api enabled and the others not listed fails", .failed,
      clusterLogging([["Types": ["api"], "Enabled": true]])),
    cluster("2.1.1", "no ClusterLogging entries fail", .failed, clusterLogging([])),
    cluster("2.1.1", "a null Logging fails", .failed, .set("Logging", to: .null)),
    cluster("2.1.1", "ClusterLogging that is not a list is not evaluated", .notEvaluated, clusterLogging("api")),
    cluster("2.1.1", "a Logging that is not an object is not evaluated", .notEvaluated, .set("Logging", to: "on")),
    cluster(
      "2.1.1", "Enabled as the string \"true\" is not evaluated (never passed)", .notEvaluated,
      clusterLogging([
        ["Types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "Enabled": "true"]
      ])),
    cluster(
      "2.1.1", "a log type that is not a string is not evaluated", .notEvaluated,
      clusterLogging([["Types": ["api", 7], "Enabled": true]])),
    GoldenCase(
      rule: "2.1.1", label: "a raw resource without Cluster is not evaluated",
      resource: .cloud(EKSFixture.cloud(.eksCluster, ["Name": "prod"], name: "prod")), expected: .notEvaluated),
    GoldenCase(
      rule: "2.1.1", label: "an ECR repository is not the target", resource: .cloud(EKSFixture.repository()),
      expected: nil),
  ]

  // MARK: Worker node files

  static let kubeconfig = "/var/lib/kubelet/kubeconfig"
  static let amazonLinux2Config = "/etc/kubernetes/kubelet/kubelet-config.json"
  static let amazonLinux2023Config = "/etc/kubernetes/kubelet/config.json"
  static let namedByKubelet = ["kubelet --config"]

  static let files: [GoldenCase] =
    Golden.permissionCases("3.1.1", kubeconfig, 0o644)
    + Golden.ownershipCases("3.1.2", kubeconfig, "root")
    + Golden.permissionCases("3.1.3", amazonLinux2Config, 0o644, namedBy: namedByKubelet)
    + Golden.ownershipCases("3.1.4", amazonLinux2Config, "root", namedBy: namedByKubelet) + [
      GoldenCase(
        rule: "3.1.1", label: "mode 0600 passes", resource: .file(kubeconfig, mode: 0o600), expected: .passed),
      GoldenCase(
        rule: "3.1.1", label: "the kubeadm kubelet.conf is not the target",
        resource: .file("/etc/kubernetes/kubelet.conf", mode: 0o777), expected: nil),
      GoldenCase(
        rule: "3.1.2", label: "a copy elsewhere is not the target",
        resource: .file("/root/kubeconfig", mode: 0o600, owner: "nobody"), expected: nil),
      GoldenCase(
        rule: "3.1.3", label: "the Amazon Linux 2023 config.json named by --config passes with 0644",
        resource: .file(amazonLinux2023Config, mode: 0o644, namedBy: namedByKubelet), expected: .passed),
      GoldenCase(
        rule: "3.1.3", label: "the Amazon Linux 2023 config.json named by --config fails with 0666",
        resource: .file(amazonLinux2023Config, mode: 0o666, namedBy: namedByKubelet), expected: .failed),
      GoldenCase(
        rule: "3.1.3", label: "a kubelet-config.json no kubelet names is not the target",
        resource: .file(amazonLinux2Config, mode: 0o777, namedBy: []), expected: nil),
      GoldenCase(
        rule: "3.1.4", label: "a kubelet-config.json no kubelet names is not the target",
        resource: .file(amazonLinux2Config, mode: 0o600, owner: "nobody", namedBy: []), expected: nil),
    ]

  // MARK: Kubelet

  /// The kubelet's command line on the EKS-optimized Amazon Linux 2 AMI (without its config flag).
  static let kubeletCommand =
    "/usr/bin/kubelet --kubeconfig /var/lib/kubelet/kubeconfig"
    + " --container-runtime-endpoint unix:///run/containerd/containerd.sock --node-ip=10.0.1.23"
    + " --pod-infra-container-image=602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause:3.5"

  /// The kubelet with `flags` and its `--config` file: the AMI's file (with `changes`), another
  /// document, or one that could not be used (`unusable`); `nil` runs it without `--config`.
  enum ConfigFile {
    case amiFile([Change])
    case document(JSONValue)
    case unusable
    case none
  }

  static func kubeletProcess(_ flags: String = "", _ file: ConfigFile = .amiFile([])) -> Resource {
    var command = kubeletCommand + (flags.isEmpty ? "" : " " + flags)
    if case .none = file {} else { command += " --config " + amazonLinux2Config }
    var process = Fixture.process(command)
    switch file {
    case .amiFile(let changes):
      process.configFiles["config"] = ProcessConfigFile(
        path: amazonLinux2Config, content: EKSFixture.applying(changes, to: EKSFixture.kubeletConfig))
    case .document(let content):
      process.configFiles["config"] = ProcessConfigFile(path: amazonLinux2Config, content: content)
    case .unusable:
      process.configFiles["config"] = ProcessConfigFile(
        path: amazonLinux2Config, content: nil, error: "/hostfs\(amazonLinux2Config): line 3, column 1: unexpected text"
      )
    case .none: break
    }
    return .process(process)
  }

  static func kubelet(
    _ rule: String, _ label: String, _ expected: EvaluationResult, flags: String = "", _ file: ConfigFile = .amiFile([])
  ) -> GoldenCase {
    GoldenCase(rule: rule, label: label, resource: kubeletProcess(flags, file), expected: expected)
  }

  static let bare: JSONValue = ["kind": "KubeletConfiguration", "apiVersion": "kubelet.config.k8s.io/v1beta1"]

  static let kubeletCases: [GoldenCase] = [
    kubelet("3.2.1", "the AMI's config file passes", .passed),
    kubelet(
      "3.2.1", "anonymous enabled in the file fails", .failed,
      .amiFile([.set("authentication", "anonymous", "enabled", to: true)])),
    kubelet("3.2.1", "--anonymous-auth=true over the file fails (flags win)", .failed, flags: "--anonymous-auth=true"),
    kubelet(
      "3.2.1", "--anonymous-auth=false over a file that enables it passes", .passed, flags: "--anonymous-auth=false",
      .amiFile([.set("authentication", "anonymous", "enabled", to: true)])),
    kubelet("3.2.1", "a config file without the key passes (default false)", .passed, .document(bare)),
    kubelet("3.2.1", "no flag and no config file fails (default true)", .failed, .none),
    kubelet("3.2.1", "an unusable config file is not evaluated", .notEvaluated, .unusable),
    kubelet(
      "3.2.1", "an unusable config file does not matter when the flag decides", .passed,
      flags: "--anonymous-auth=false", .unusable),
    kubelet("3.2.2", "the AMI's Webhook mode passes", .passed),
    kubelet(
      "3.2.2", "AlwaysAllow in the file fails", .failed, .amiFile([.set("authorization", "mode", to: "AlwaysAllow")])),
    // Elastic passes this one: its config branch is consulted although the flag says AlwaysAllow.
    kubelet(
      "3.2.2", "--authorization-mode=AlwaysAllow over a Webhook file fails", .failed,
      flags: "--authorization-mode=AlwaysAllow"),
    kubelet(
      "3.2.2", "an empty mode in the file passes (defaulted to Webhook)", .passed,
      .amiFile([.set("authorization", "mode", to: "")])),
    kubelet("3.2.2", "no flag and no config file fails (default AlwaysAllow)", .failed, .none),
    kubelet("3.2.2", "an unusable config file is not evaluated", .notEvaluated, .unusable),
    kubelet("3.2.3", "the AMI's client CA passes", .passed),
    kubelet(
      "3.2.3", "a file without clientCAFile fails", .failed, .amiFile([.set("authentication", "x509", to: nil)])),
    kubelet(
      "3.2.3", "--client-ca-file passes whatever the file says", .passed,
      flags: "--client-ca-file=/etc/kubernetes/pki/ca.crt",
      .document(bare)),
    kubelet("3.2.4", "readOnlyPort 0 passes", .passed),
    kubelet("3.2.4", "readOnlyPort 10255 in the file fails", .failed, .amiFile([.set("readOnlyPort", to: 10255)])),
    kubelet("3.2.4", "--read-only-port=10255 over the file fails", .failed, flags: "--read-only-port=10255"),
    kubelet("3.2.4", "a config file without the key passes (default 0)", .passed, .document(bare)),
    kubelet("3.2.4", "no flag and no config file fails (default 10255)", .failed, .none),
    kubelet("3.2.4", "an unusable config file is not evaluated", .notEvaluated, .unusable),
    kubelet("3.2.5", "unset passes (default 4h)", .passed),
    kubelet(
      "3.2.5", "\"0s\" in the file passes (defaulted to 4h)", .passed,
      .amiFile([.set("streamingConnectionIdleTimeout", to: "0s")])),
    kubelet(
      "3.2.5", "--streaming-connection-idle-timeout=0 fails", .failed, flags: "--streaming-connection-idle-timeout=0"),
    kubelet(
      "3.2.5", "--streaming-connection-idle-timeout=5m passes", .passed, flags: "--streaming-connection-idle-timeout=5m"
    ),
    kubelet("3.2.6", "the AMI's true passes", .passed),
    kubelet("3.2.6", "false in the file fails", .failed, .amiFile([.set("protectKernelDefaults", to: false)])),
    kubelet("3.2.6", "a config file without the key fails (default false)", .failed, .document(bare)),
    kubelet(
      "3.2.6", "--protect-kernel-defaults=false over the file fails", .failed, flags: "--protect-kernel-defaults=false"),
    kubelet(
      "3.2.6", "a bare --protect-kernel-defaults means true and passes", .passed, flags: "--protect-kernel-defaults",
      .document(bare)),
    kubelet("3.2.7", "unset passes (default true)", .passed),
    kubelet("3.2.7", "false in the file fails", .failed, .amiFile([.set("makeIPTablesUtilChains", to: false)])),
    kubelet("3.2.7", "--make-iptables-util-chains=false fails", .failed, flags: "--make-iptables-util-chains=false"),
    kubelet("3.2.8", "absent passes", .passed),
    kubelet(
      "3.2.8", "--hostname-override fails", .failed,
      flags: "--hostname-override=ip-10-0-1-23.eu-west-1.compute.internal"),
    kubelet("3.2.9", "unset fails (default 50)", .failed),
    kubelet("3.2.9", "0 in the file passes", .passed, .amiFile([.set("eventRecordQPS", to: 0)])),
    kubelet("3.2.9", "5 in the file fails", .failed, .amiFile([.set("eventRecordQPS", to: 5)])),
    kubelet(
      "3.2.9", "--event-qps=0 over 5 in the file passes", .passed, flags: "--event-qps=0",
      .amiFile([.set("eventRecordQPS", to: 5)])),
    kubelet("3.2.10", "unset fails (default false)", .failed),
    kubelet("3.2.10", "true in the file passes", .passed, .amiFile([.set("rotateCertificates", to: true)])),
    kubelet(
      "3.2.10", "--rotate-certificates=false over true in the file fails", .failed,
      flags: "--rotate-certificates=false",
      .amiFile([.set("rotateCertificates", to: true)])),
    kubelet("3.2.10", "--rotate-certificates passes", .passed, flags: "--rotate-certificates=true"),
    kubelet("3.2.11", "the AMI's gate passes", .passed),
    kubelet("3.2.11", "unset passes (default true)", .passed, .document(bare)),
    kubelet(
      "3.2.11", "the gate off in the file fails", .failed,
      .amiFile([.set("featureGates", "RotateKubeletServerCertificate", to: false)])),
    kubelet(
      "3.2.11", "the gate off on the command line fails", .failed,
      flags: "--feature-gates=RotateKubeletServerCertificate=false"),
    kubelet(
      "3.2.11", "the flag overrides the file per gate", .passed,
      flags: "--feature-gates=RotateKubeletServerCertificate=true,Other=false",
      .amiFile([.set("featureGates", "RotateKubeletServerCertificate", to: false)])),
  ]

  // MARK: Pods

  /// cis_k8s 5.2.2–5.2.10 are cis_eks 4.2.1–4.2.9, judged by the same checks: every pod golden case
  /// of cis_k8s, renumbered.
  static let pods: [GoldenCase] = Golden.pods.compactMap { k8s in
    let parts = k8s.rule.split(separator: ".")
    guard parts.count == 3, parts[0] == "5", parts[1] == "2", let n = Int(parts[2]) else { return nil }
    return GoldenCase(
      rule: "4.2.\(n - 1)", label: k8s.label, resource: k8s.resource, expected: k8s.expected, cluster: k8s.cluster)
  }

  // MARK: ECR, KMS, endpoints, load balancers

  static func endpoint(private privateAccess: JSONValue?, public publicAccess: JSONValue?, cidrs: JSONValue?)
    -> [Change]
  {
    [
      .set("ResourcesVpcConfig", "EndpointPrivateAccess", to: privateAccess),
      .set("ResourcesVpcConfig", "EndpointPublicAccess", to: publicAccess),
      .set("ResourcesVpcConfig", "PublicAccessCidrs", to: cidrs),
    ]
  }

  static func cluster(_ rule: String, _ label: String, _ expected: EvaluationResult?, _ changes: [Change])
    -> GoldenCase
  {
    GoldenCase(rule: rule, label: label, resource: .cloud(EKSFixture.cluster(changes)), expected: expected)
  }

  static func repository(_ label: String, _ expected: EvaluationResult, _ changes: Change...) -> GoldenCase {
    GoldenCase(
      rule: "5.1.1", label: label, resource: .cloud(EKSFixture.repository(changes)), expected: expected)
  }

  static func loadBalancer(_ label: String, _ expected: EvaluationResult, _ listeners: [JSONValue]) -> GoldenCase {
    GoldenCase(
      rule: "5.4.5", label: label, resource: .cloud(EKSFixture.loadBalancer(listeners: listeners)),
      expected: expected)
  }

  static let certificate = EKSFixture.certificate
  static let keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  static let cloud: [GoldenCase] = [
    repository("scan on push passes", .passed),
    repository("scan on push off fails", .failed, .set("ImageScanningConfiguration", "ScanOnPush", to: false)),
    repository("no scanning configuration fails (default off)", .failed, .set("ImageScanningConfiguration", to: nil)),
    repository(
      "a null ScanOnPush fails (default off)", .failed, .set("ImageScanningConfiguration", "ScanOnPush", to: .null)),
    repository(
      "ScanOnPush as the string \"true\" is not evaluated (never passed)", .notEvaluated,
      .set("ImageScanningConfiguration", "ScanOnPush", to: "true")),
    GoldenCase(
      rule: "5.1.1", label: "the wire format's camelCase repository is not evaluated (no RepositoryName)",
      resource: .cloud(
        EKSFixture.cloud(
          .ecrRepository, ["repositoryName": "shop/web", "imageScanningConfiguration": ["scanOnPush": true]],
          name: "shop/web")),
      expected: .notEvaluated),
    GoldenCase(
      rule: "5.1.1", label: "a load balancer is not the target", resource: .cloud(EKSFixture.loadBalancer()),
      expected: nil),
    cluster("5.3.1", "secrets encrypted with a KMS key pass", .passed),
    cluster("5.3.1", "no EncryptionConfig fails", .failed, .set("EncryptionConfig", to: .null)),
    cluster("5.3.1", "an empty EncryptionConfig fails", .failed, .set("EncryptionConfig", to: [])),
    // Elastic passes these two: any non-empty EncryptionConfig does.
    cluster(
      "5.3.1", "an entry without a key fails", .failed,
      .set("EncryptionConfig", to: [["Resources": ["secrets"], "Provider": ["KeyArn": ""]]])),
    cluster(
      "5.3.1", "an entry that does not cover secrets fails", .failed,
      .set("EncryptionConfig", to: [["Resources": [], "Provider": ["KeyArn": .string(keyArn)]]])),
    cluster(
      "5.3.1", "Resources that is not a list is not evaluated", .notEvaluated,
      .set("EncryptionConfig", to: [["Resources": "secrets", "Provider": ["KeyArn": .string(keyArn)]]])),
    GoldenCase(
      rule: "5.3.1", label: "a raw resource without Cluster is not evaluated",
      resource: .cloud(EKSFixture.cloud(.eksCluster, [:], name: "prod")), expected: .notEvaluated),
    cluster("5.4.1", "private on and public limited to two networks passes", .passed),
    cluster("5.4.1", "private on and public off passes", .passed, endpoint(private: true, public: false, cidrs: [])),
    cluster(
      "5.4.1", "public open to 0.0.0.0/0 fails", .failed,
      endpoint(private: true, public: true, cidrs: ["203.0.113.0/24", "0.0.0.0/0"])),
    // Elastic passes these three: it looks only for the literal 0.0.0.0/0.
    cluster(
      "5.4.1", "public without CIDRs fails (EKS opens it to 0.0.0.0/0)", .failed,
      endpoint(private: true, public: true, cidrs: nil)),
    cluster("5.4.1", "public open to ::/0 fails", .failed, endpoint(private: true, public: true, cidrs: ["::/0"])),
    cluster(
      "5.4.1", "public open to 10.0.0.0/0 fails", .failed, endpoint(private: true, public: true, cidrs: ["10.0.0.0/0"])),
    cluster(
      "5.4.1", "private off fails", .failed, endpoint(private: false, public: true, cidrs: ["203.0.113.0/24"])),
    cluster(
      "5.4.1", "private unset fails (default off)", .failed, endpoint(private: nil, public: false, cidrs: nil)),
    cluster(
      "5.4.1", "no ResourcesVpcConfig is not evaluated", .notEvaluated, [.set("ResourcesVpcConfig", to: nil)]),
    cluster(
      "5.4.1", "EndpointPrivateAccess as a string is not evaluated", .notEvaluated,
      endpoint(private: "true", public: false, cidrs: [])),
    cluster(
      "5.4.1", "a CIDR that is not a string is not evaluated", .notEvaluated,
      endpoint(private: true, public: true, cidrs: ["203.0.113.0/24", 0])),
    cluster("5.4.2", "private on and public off passes", .passed, endpoint(private: true, public: false, cidrs: [])),
    cluster("5.4.2", "public limited to two networks fails", .failed),
    cluster("5.4.2", "private off and public off fails", .failed, endpoint(private: false, public: false, cidrs: [])),
    cluster("5.4.2", "public unset fails (default on)", .failed, endpoint(private: true, public: nil, cidrs: nil)),
    cluster(
      "5.4.2", "EndpointPublicAccess as a string is not evaluated", .notEvaluated,
      endpoint(private: true, public: "false", cidrs: [])),
    cluster(
      "5.4.2", "CIDRs it does not read do not matter", .passed, endpoint(private: true, public: false, cidrs: [0])),
    loadBalancer(
      "an HTTPS listener with a certificate passes (HTTP to the nodes)", .passed,
      [EKSFixture.listener("HTTPS", certificate: certificate)]),
    loadBalancer(
      "HTTPS end to end passes", .passed, [EKSFixture.listener("HTTPS", backend: "HTTPS", certificate: certificate)]),
    loadBalancer(
      "an SSL listener with a certificate passes", .passed,
      [EKSFixture.listener("SSL", backend: "TCP", certificate: certificate)]),
    loadBalancer("an HTTP listener fails", .failed, [EKSFixture.listener("HTTP", port: 80)]),
    loadBalancer(
      "a TCP listener fails (the Kubernetes default)", .failed, [EKSFixture.listener("TCP", backend: "TCP")]),
    loadBalancer("an HTTPS listener without a certificate fails", .failed, [EKSFixture.listener("HTTPS")]),
    loadBalancer(
      "one HTTP listener beside an HTTPS one fails", .failed,
      [EKSFixture.listener("HTTPS", certificate: certificate), EKSFixture.listener("HTTP", port: 80)]),
    loadBalancer("no listeners pass (no traffic is accepted)", .passed, []),
    GoldenCase(
      rule: "5.4.5", label: "a null ListenerDescriptions (the SDK's empty list) passes",
      resource: .cloud(EKSFixture.loadBalancer([.set("ListenerDescriptions", to: .null)])), expected: .passed),
    GoldenCase(
      rule: "5.4.5", label: "a listener description without a Listener is not evaluated",
      resource: .cloud(EKSFixture.loadBalancer([.set("ListenerDescriptions", to: [["PolicyNames": []]])])),
      expected: .notEvaluated),
    loadBalancer(
      "a certificate id that is not a string is not evaluated", .notEvaluated,
      [
        [
          "Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80,
          "SSLCertificateId": 1,
        ]
      ]),
    GoldenCase(
      rule: "5.4.5", label: "a raw resource without LoadBalancerName is not evaluated",
      resource: .cloud(EKSFixture.loadBalancer([.set("LoadBalancerName", to: nil)])), expected: .notEvaluated),
  ]

  // MARK: Nodes

  static func node(_ label: String, _ expected: EvaluationResult, _ addresses: [(String, String)]) -> GoldenCase {
    GoldenCase(rule: "5.4.3", label: label, resource: .kubernetes(EKSFixture.node(addresses)), expected: expected)
  }

  static let nodes: [GoldenCase] = [
    node(
      "private addresses only pass", .passed,
      [("InternalIP", "10.0.1.23"), ("InternalDNS", "ip-10-0-1-23.eu-west-1.compute.internal")]),
    node("an ExternalIP fails", .failed, [("InternalIP", "10.0.1.23"), ("ExternalIP", "54.170.10.20")]),
    node("an ExternalDNS name alone passes", .passed, [("InternalIP", "10.0.1.23"), ("ExternalDNS", "ec2.example")]),
    node("an unspecified ExternalIP passes", .passed, [("InternalIP", "10.0.1.23"), ("ExternalIP", "0.0.0.0")]),
    node("no addresses pass", .passed, []),
    GoldenCase(rule: "5.4.3", label: "a Pod is not the target", resource: .pod(Golden.plain), expected: nil),
  ]
}
