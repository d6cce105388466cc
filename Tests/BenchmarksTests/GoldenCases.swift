import Benchmarks
import KSPMCore
import Testing

/// One input and what one rule must conclude about it: passed, failed, or no finding at all.
struct GoldenCase: Sendable, CustomTestStringConvertible {
  let rule: String
  let label: String
  let resource: Resource
  let expected: EvaluationResult?
  /// Other objects in the cluster (ServiceAccounts, bindings), in any order.
  var cluster: [JSONValue] = []

  var testDescription: String { "\(rule): \(label)" }

  /// The cluster context built from the other objects and the resource itself.
  var context: ClusterContext {
    var builder = ClusterContextBuilder()
    for object in cluster { builder.add(KubernetesObject(object: object)) }
    if let object = resource.kubernetesObject { builder.add(object) }
    return builder.result
  }

  /// Expects `benchmark` to give this case's verdict: at most one finding of the case's rule, with
  /// the expected result (none when `expected` is `nil`).
  func expectVerdict(of benchmark: TableBenchmark) {
    let findings = benchmark.evaluate(resource, context: context).filter { $0.rule.ruleNumber == rule }
    #expect(findings.count <= 1)
    #expect(findings.first?.evaluation.result == expected)
  }

  /// Expects `cases` to name only rules of `benchmark` and to hold a passing and a failing case for
  /// each of its rules.
  static func expectCoverage(of benchmark: TableBenchmark, by cases: [GoldenCase]) {
    let numbers = Set(benchmark.rules.map(\.ruleNumber))
    #expect(cases.allSatisfy { numbers.contains($0.rule) })
    for rule in benchmark.rules {
      let ofRule = cases.filter { $0.rule == rule.ruleNumber }
      #expect(ofRule.contains { $0.expected == .passed }, "\(rule.ruleNumber) has no passing case")
      #expect(ofRule.contains { $0.expected == .failed }, "\(rule.ruleNumber) has no failing case")
    }
  }
}

/// Golden inputs for every cis_k8s rule: at least one passing and one failing each, plus the
/// edge cases of its check.
enum Golden {
  static let all: [GoldenCase] = files + apiServer + controllerManager + scheduler + etcd + kubelet + rbac + pods

  // MARK: Files

  static let apiServerManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml"
  static let controllerManagerManifest = "/etc/kubernetes/manifests/kube-controller-manager.yaml"
  static let schedulerManifest = "/etc/kubernetes/manifests/kube-scheduler.yaml"
  static let etcdManifest = "/etc/kubernetes/manifests/etcd.yaml"
  static let adminConf = "/etc/kubernetes/admin.conf"
  static let schedulerConf = "/etc/kubernetes/scheduler.conf"
  static let controllerManagerConf = "/etc/kubernetes/controller-manager.conf"
  static let kubeletService = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
  static let kubeletConf = "/etc/kubernetes/kubelet.conf"
  static let kubeletConfig = "/var/lib/kubelet/config.yaml"

  static let permissionRules: [(rule: String, path: String, limit: UInt32)] = [
    ("1.1.1", apiServerManifest, 0o644), ("1.1.3", controllerManagerManifest, 0o644),
    ("1.1.5", schedulerManifest, 0o644), ("1.1.7", etcdManifest, 0o644), ("1.1.11", "/var/lib/etcd", 0o700),
    ("1.1.13", adminConf, 0o600), ("1.1.15", schedulerConf, 0o644), ("1.1.17", controllerManagerConf, 0o644),
    ("1.1.20", "/etc/kubernetes/pki/apiserver.crt", 0o644), ("1.1.21", "/etc/kubernetes/pki/apiserver.key", 0o600),
    ("4.1.1", kubeletService, 0o644), ("4.1.5", kubeletConf, 0o644), ("4.1.9", kubeletConfig, 0o644),
  ]

  static let ownershipRules: [(rule: String, path: String, owner: String)] = [
    ("1.1.2", apiServerManifest, "root"), ("1.1.4", controllerManagerManifest, "root"),
    ("1.1.6", schedulerManifest, "root"), ("1.1.8", etcdManifest, "root"), ("1.1.12", "/var/lib/etcd", "etcd"),
    ("1.1.14", adminConf, "root"), ("1.1.16", schedulerConf, "root"), ("1.1.18", controllerManagerConf, "root"),
    ("1.1.19", "/etc/kubernetes/pki", "root"), ("4.1.2", kubeletService, "root"), ("4.1.6", kubeletConf, "root"),
    ("4.1.10", kubeletConfig, "root"),
  ]

  /// One permission bit beyond the limit, in the group digit.
  static func beyond(_ limit: UInt32) -> UInt32 { limit | 0o020 }

  /// The cases every "mode `limit` or more restrictive" rule gets.
  static func permissionCases(
    _ rule: String, _ path: String, _ limit: UInt32, directory: Bool = false, namedBy: [String]? = nil
  ) -> [GoldenCase] {
    func c(_ label: String, _ mode: UInt32, _ expected: EvaluationResult) -> GoldenCase {
      GoldenCase(
        rule: rule, label: label, resource: .file(path, mode: mode, directory: directory, namedBy: namedBy),
        expected: expected)
    }
    return [
      c("mode \(FilePermissionCheck.octal(limit)) passes", limit, .passed),
      c("mode 0400 passes", 0o400, .passed),
      c("mode 0000 passes", 0o000, .passed),
      c("mode \(FilePermissionCheck.octal(beyond(limit))) fails", beyond(limit), .failed),
      c("mode 0777 fails", 0o777, .failed),
    ]
  }

  /// The cases every "owned by `owner`:`owner`" rule gets.
  static func ownershipCases(
    _ rule: String, _ path: String, _ owner: String, directory: Bool = false, namedBy: [String]? = nil
  ) -> [GoldenCase] {
    func c(_ label: String, _ user: String, _ group: String, _ expected: EvaluationResult) -> GoldenCase {
      GoldenCase(
        rule: rule, label: label,
        resource: .file(path, mode: 0o600, owner: user, group: group, directory: directory, namedBy: namedBy),
        expected: expected)
    }
    return [
      c("\(owner):\(owner) passes", owner, owner, .passed),
      c("\(owner):nogroup fails", owner, "nogroup", .failed),
      c("nobody:\(owner) fails", "nobody", owner, .failed),
    ]
  }

  static let files: [GoldenCase] =
    permissionRules.flatMap { permissionCases($0.rule, $0.path, $0.limit, directory: $0.path == "/var/lib/etcd") }
    + ownershipRules.flatMap {
      ownershipCases(
        $0.rule, $0.path, $0.owner, directory: $0.path == "/var/lib/etcd" || $0.path == "/etc/kubernetes/pki")
    } + [
      // 644 or more restrictive, digit by digit.
      GoldenCase(
        rule: "1.1.1", label: "mode 0640 passes", resource: .file(apiServerManifest, mode: 0o640), expected: .passed),
      GoldenCase(
        rule: "1.1.1", label: "mode 0044 passes (owner digit 0)", resource: .file(apiServerManifest, mode: 0o044),
        expected: .passed),
      GoldenCase(
        rule: "1.1.1", label: "mode 0664 fails", resource: .file(apiServerManifest, mode: 0o664), expected: .failed),
      GoldenCase(
        rule: "1.1.1", label: "a backup copy is not the target",
        resource: .file(apiServerManifest + ".bak", mode: 0o777), expected: nil),
      GoldenCase(
        rule: "1.1.1", label: "the same name elsewhere is not the target",
        resource: .file("/tmp/kube-apiserver.yaml", mode: 0o777), expected: nil),
      GoldenCase(rule: "1.1.13", label: "mode 0640 fails", resource: .file(adminConf, mode: 0o640), expected: .failed),
      GoldenCase(rule: "1.1.13", label: "mode 0644 fails", resource: .file(adminConf, mode: 0o644), expected: .failed),
      // etcd data directory and everything below it.
      GoldenCase(
        rule: "1.1.11", label: "a file below with 0600 passes",
        resource: .file("/var/lib/etcd/member/snap/db", mode: 0o600), expected: .passed),
      GoldenCase(
        rule: "1.1.11", label: "a directory below with 0755 fails",
        resource: .file("/var/lib/etcd/member", mode: 0o755, directory: true), expected: .failed),
      GoldenCase(
        rule: "1.1.11", label: "a sibling /var/lib/etcd-backup is not the target",
        resource: .file("/var/lib/etcd-backup", mode: 0o777, directory: true), expected: nil),
      GoldenCase(
        rule: "1.1.12", label: "a file below owned by root fails",
        resource: .file("/var/lib/etcd/member/wal/0.wal", mode: 0o600), expected: .failed),
      GoldenCase(
        rule: "1.1.12", label: "a file below owned by etcd passes",
        resource: .file("/var/lib/etcd/member/wal/0.wal", mode: 0o600, owner: "etcd", group: "etcd"), expected: .passed),
      // PKI: the directory and all below for ownership; *.crt and *.key for permissions.
      GoldenCase(
        rule: "1.1.19", label: "a nested key owned by root passes",
        resource: .file("/etc/kubernetes/pki/etcd/ca.key", mode: 0o600), expected: .passed),
      GoldenCase(
        rule: "1.1.19", label: "a nested cert owned by kube fails",
        resource: .file("/etc/kubernetes/pki/etcd/ca.crt", mode: 0o644, owner: "kube"), expected: .failed),
      GoldenCase(
        rule: "1.1.20", label: "a nested cert with 0644 passes",
        resource: .file("/etc/kubernetes/pki/etcd/ca.crt", mode: 0o644), expected: .passed),
      GoldenCase(
        rule: "1.1.20", label: "a nested cert with 0666 fails",
        resource: .file("/etc/kubernetes/pki/etcd/ca.crt", mode: 0o666), expected: .failed),
      GoldenCase(
        rule: "1.1.20", label: "a key is not a certificate", resource: .file("/etc/kubernetes/pki/ca.key", mode: 0o777),
        expected: nil),
      GoldenCase(
        rule: "1.1.20", label: "the pki directory itself is not a certificate",
        resource: .file("/etc/kubernetes/pki", mode: 0o755, directory: true), expected: nil),
      GoldenCase(
        rule: "1.1.21", label: "mode 0640 fails", resource: .file("/etc/kubernetes/pki/sa.key", mode: 0o640),
        expected: .failed),
      GoldenCase(
        rule: "1.1.21", label: "mode 0644 fails", resource: .file("/etc/kubernetes/pki/sa.key", mode: 0o644),
        expected: .failed),
      GoldenCase(
        rule: "1.1.21", label: "a certificate is not a key", resource: .file("/etc/kubernetes/pki/ca.crt", mode: 0o644),
        expected: nil),
      // 4.1.10 judges the kubelet --config file, not kubelet.conf.
      GoldenCase(
        rule: "4.1.10", label: "kubelet.conf is not the --config file",
        resource: .file(kubeletConf, mode: 0o600, owner: "kube"), expected: nil),
      GoldenCase(
        rule: "4.1.9", label: "mode 0600 passes", resource: .file(kubeletConfig, mode: 0o600), expected: .passed),
    ]

  // MARK: Processes

  static func process(
    _ rule: String, _ label: String, _ commandLine: String, _ expected: EvaluationResult?, config: JSONValue? = nil
  ) -> GoldenCase {
    GoldenCase(rule: rule, label: label, resource: .process(commandLine, config: config), expected: expected)
  }

  static let apiServer: [GoldenCase] = {
    let a = "/usr/local/bin/kube-apiserver"
    return [
      process("1.2.2", "absent passes", "\(a) --secure-port=6443", .passed),
      process("1.2.2", "set fails", "\(a) --token-auth-file=/etc/tokens.csv", .failed),
      process("1.2.2", "--flag value form fails", "\(a) --token-auth-file /etc/tokens.csv", .failed),
      process("1.2.4", "absent passes (default true)", a, .passed),
      process("1.2.4", "true passes", "\(a) --kubelet-https=true", .passed),
      process("1.2.4", "false fails", "\(a) --kubelet-https=false", .failed),
      process("1.2.5", "both set passes", "\(a) --kubelet-client-certificate=/c --kubelet-client-key=/k", .passed),
      process("1.2.5", "only the certificate fails", "\(a) --kubelet-client-certificate=/c", .failed),
      process("1.2.5", "absent fails", a, .failed),
      process("1.2.6", "set passes", "\(a) --kubelet-certificate-authority=/ca.crt", .passed),
      process("1.2.6", "absent fails", a, .failed),
      process("1.2.7", "Node,RBAC passes", "\(a) --authorization-mode=Node,RBAC", .passed),
      process("1.2.7", "AlwaysAllow in the list fails", "\(a) --authorization-mode=RBAC,AlwaysAllow", .failed),
      process("1.2.7", "absent fails (default AlwaysAllow)", a, .failed),
      process("1.2.8", "Node,RBAC passes", "\(a) --authorization-mode=Node,RBAC", .passed),
      process("1.2.8", "--flag value form passes", "\(a) --authorization-mode Node,RBAC", .passed),
      process("1.2.8", "RBAC alone fails", "\(a) --authorization-mode=RBAC", .failed),
      process("1.2.8", "absent fails", a, .failed),
      process("1.2.9", "Node,RBAC passes", "\(a) --authorization-mode=Node,RBAC", .passed),
      process("1.2.9", "Node alone fails", "\(a) --authorization-mode=Node", .failed),
      process("1.2.9", "absent fails", a, .failed),
      process(
        "1.2.10", "in the list passes", "\(a) --enable-admission-plugins=NodeRestriction,EventRateLimit", .passed),
      process("1.2.10", "not in the list fails", "\(a) --enable-admission-plugins=NodeRestriction", .failed),
      process("1.2.10", "absent fails", a, .failed),
      process("1.2.11", "absent passes", a, .passed),
      process("1.2.11", "other plugins pass", "\(a) --enable-admission-plugins=NodeRestriction", .passed),
      process("1.2.11", "AlwaysAdmit fails", "\(a) --enable-admission-plugins=NodeRestriction,AlwaysAdmit", .failed),
      process(
        "1.2.12", "in the list passes", "\(a) --enable-admission-plugins=AlwaysPullImages,NodeRestriction", .passed),
      process("1.2.12", "absent fails", a, .failed),
      process("1.2.13", "SecurityContextDeny passes", "\(a) --enable-admission-plugins=SecurityContextDeny", .passed),
      process("1.2.13", "PodSecurityPolicy passes", "\(a) --enable-admission-plugins=A,PodSecurityPolicy", .passed),
      process("1.2.13", "neither fails", "\(a) --enable-admission-plugins=NodeRestriction", .failed),
      process("1.2.13", "absent fails", a, .failed),
      process("1.2.14", "absent passes (enabled by default)", a, .passed),
      process(
        "1.2.14", "other plugins disabled passes", "\(a) --disable-admission-plugins=DefaultStorageClass", .passed),
      process(
        "1.2.14", "disabled fails", "\(a) --disable-admission-plugins=DefaultStorageClass,ServiceAccount", .failed),
      process("1.2.15", "absent passes (enabled by default)", a, .passed),
      process("1.2.15", "disabled fails", "\(a) --disable-admission-plugins=NamespaceLifecycle", .failed),
      process("1.2.16", "in the list passes", "\(a) --enable-admission-plugins=NodeRestriction", .passed),
      process(
        "1.2.16", "given twice, lists accumulate",
        "\(a) --enable-admission-plugins=NodeRestriction --enable-admission-plugins=EventRateLimit", .passed),
      process("1.2.16", "absent fails", a, .failed),
      process("1.2.17", "absent passes (default 6443)", a, .passed),
      process("1.2.17", "6443 passes", "\(a) --secure-port=6443", .passed),
      process("1.2.17", "0 fails", "\(a) --secure-port=0", .failed),
      process("1.2.18", "false passes", "\(a) --profiling=false", .passed),
      process("1.2.18", "true fails", "\(a) --profiling=true", .failed),
      process("1.2.18", "absent fails (default true)", a, .failed),
      process("1.2.18", "given twice, the last wins", "\(a) --profiling=false --profiling=true", .failed),
      process("1.2.19", "set passes", "\(a) --audit-log-path=/var/log/audit.log", .passed),
      process("1.2.19", "absent fails", a, .failed),
      process("1.2.20", "30 passes", "\(a) --audit-log-maxage=30", .passed),
      process("1.2.20", "7 fails", "\(a) --audit-log-maxage=7", .failed),
      process("1.2.20", "absent fails (default 0)", a, .failed),
      process("1.2.21", "10 passes", "\(a) --audit-log-maxbackup=10", .passed),
      process("1.2.21", "9 fails", "\(a) --audit-log-maxbackup=9", .failed),
      process("1.2.21", "absent fails", a, .failed),
      process("1.2.22", "100 passes", "\(a) --audit-log-maxsize=100", .passed),
      process("1.2.22", "99 fails", "\(a) --audit-log-maxsize=99", .failed),
      process("1.2.22", "absent fails", a, .failed),
      process("1.2.23", "absent passes (default 1m0s)", a, .passed),
      process("1.2.23", "60s passes", "\(a) --request-timeout=60s", .passed),
      process("1.2.23", "1m passes", "\(a) --request-timeout=1m", .passed),
      process("1.2.23", "300s passes", "\(a) --request-timeout=300s", .passed),
      process("1.2.23", "30s fails", "\(a) --request-timeout=30s", .failed),
      process("1.2.23", "300ms fails", "\(a) --request-timeout=300ms", .failed),
      process("1.2.24", "absent passes (default true)", a, .passed),
      process("1.2.24", "true passes", "\(a) --service-account-lookup=true", .passed),
      process("1.2.24", "false fails", "\(a) --service-account-lookup=false", .failed),
      process("1.2.25", "set passes", "\(a) --service-account-key-file=/etc/kubernetes/pki/sa.pub", .passed),
      process("1.2.25", "absent fails", a, .failed),
      process("1.2.26", "both set passes", "\(a) --etcd-certfile=/c --etcd-keyfile=/k", .passed),
      process("1.2.26", "only the key fails", "\(a) --etcd-keyfile=/k", .failed),
      process("1.2.27", "both set passes", "\(a) --tls-cert-file=/c --tls-private-key-file=/k", .passed),
      process("1.2.27", "only the certificate fails", "\(a) --tls-cert-file=/c", .failed),
      process("1.2.28", "set passes", "\(a) --client-ca-file=/ca.crt", .passed),
      process("1.2.28", "absent fails", a, .failed),
      process("1.2.29", "set passes", "\(a) --etcd-cafile=/etcd/ca.crt", .passed),
      process("1.2.29", "absent fails", a, .failed),
      process(
        "1.2.32", "listed suites pass",
        "\(a) --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        .passed),
      process(
        "1.2.32", "an unlisted suite fails",
        "\(a) --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA", .failed),
      process("1.2.32", "absent fails (Go defaults)", a, .failed),
    ]
  }()

  static let controllerManager: [GoldenCase] = {
    let c = "/usr/local/bin/kube-controller-manager"
    return [
      process("1.3.2", "false passes", "\(c) --profiling=false", .passed),
      process("1.3.2", "absent fails (default true)", c, .failed),
      process("1.3.2", "Calico kube-controllers is not the target", "/usr/bin/kube-controllers --profiling=true", nil),
      process("1.3.3", "true passes", "\(c) --use-service-account-credentials=true", .passed),
      process("1.3.3", "absent fails (default false)", c, .failed),
      process("1.3.4", "set passes", "\(c) --service-account-private-key-file=/sa.key", .passed),
      process("1.3.4", "absent fails", c, .failed),
      process("1.3.5", "set passes", "\(c) --root-ca-file=/ca.crt", .passed),
      process("1.3.5", "absent fails", c, .failed),
      process("1.3.6", "absent passes (default true)", c, .passed),
      process(
        "1.3.6", "true among other gates passes",
        "\(c) --feature-gates=RotateKubeletServerCertificate=true,Other=false", .passed),
      process("1.3.6", "false fails", "\(c) --feature-gates=RotateKubeletServerCertificate=false", .failed),
      process("1.3.7", "127.0.0.1 passes", "\(c) --bind-address=127.0.0.1", .passed),
      process("1.3.7", "0.0.0.0 fails", "\(c) --bind-address=0.0.0.0", .failed),
      process("1.3.7", "absent fails (default 0.0.0.0)", c, .failed),
    ]
  }()

  static let scheduler: [GoldenCase] = {
    let s = "/usr/local/bin/kube-scheduler"
    return [
      process("1.4.1", "false passes", "\(s) --profiling=false", .passed),
      process("1.4.1", "a bare flag means true and fails", "\(s) --profiling", .failed),
      process("1.4.1", "absent fails (default true)", s, .failed),
      process("1.4.2", "127.0.0.1 passes", "\(s) --bind-address=127.0.0.1", .passed),
      process("1.4.2", "--flag value form passes", "\(s) --bind-address 127.0.0.1", .passed),
      process("1.4.2", "absent fails (default 0.0.0.0)", s, .failed),
    ]
  }()

  static let etcd: [GoldenCase] = {
    let e = "/usr/local/bin/etcd"
    return [
      process("2.1", "both set passes", "\(e) --cert-file=/c --key-file=/k", .passed),
      process("2.1", "only the key fails", "\(e) --key-file=/k", .failed),
      process("2.2", "true passes", "\(e) --client-cert-auth=true", .passed),
      process("2.2", "a bare flag means true and passes", "\(e) --client-cert-auth", .passed),
      process("2.2", "absent fails (default false)", e, .failed),
      process("2.3", "absent passes (default false)", e, .passed),
      process("2.3", "true fails", "\(e) --auto-tls=true", .failed),
      process("2.4", "both set passes", "\(e) --peer-cert-file=/c --peer-key-file=/k", .passed),
      process("2.4", "absent fails", e, .failed),
      process("2.5", "true passes", "\(e) --peer-client-cert-auth=true", .passed),
      process("2.5", "false fails", "\(e) --peer-client-cert-auth=false", .failed),
      process("2.6", "absent passes", e, .passed),
      process("2.6", "true fails", "\(e) --peer-auto-tls=true", .failed),
    ]
  }()

  static let kubelet: [GoldenCase] = {
    let k = "/usr/bin/kubelet"
    let kc = "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml"
    let empty: JSONValue = ["kind": "KubeletConfiguration"]
    return [
      process("4.2.1", "flag false passes", "\(k) --anonymous-auth=false", .passed),
      process(
        "4.2.1", "config-only false passes", kc, .passed,
        config: ["authentication": ["anonymous": ["enabled": false]]]),
      process(
        "4.2.1", "config true fails", kc, .failed, config: ["authentication": ["anonymous": ["enabled": true]]]),
      process(
        "4.2.1", "the flag overrides the config", "\(kc) --anonymous-auth=true", .failed,
        config: ["authentication": ["anonymous": ["enabled": false]]]),
      process("4.2.1", "no flag, no config fails (default true)", k, .failed),
      process("4.2.1", "a config file without the key passes (default false)", kc, .passed, config: empty),
      process("4.2.2", "Webhook flag passes", "\(k) --authorization-mode=Webhook", .passed),
      process("4.2.2", "AlwaysAllow flag fails", "\(k) --authorization-mode=AlwaysAllow", .failed),
      process(
        "4.2.2", "AlwaysAllow flag fails whatever the config says", "\(kc) --authorization-mode=AlwaysAllow", .failed,
        config: ["authorization": ["mode": "Webhook"]]),
      process("4.2.2", "config AlwaysAllow fails", kc, .failed, config: ["authorization": ["mode": "AlwaysAllow"]]),
      process("4.2.2", "no flag, no config fails (default AlwaysAllow)", k, .failed),
      process("4.2.2", "a config file without the key passes (default Webhook)", kc, .passed, config: empty),
      process(
        "4.2.2", "an empty mode in the config passes (defaulted to Webhook)", kc, .passed,
        config: ["authorization": ["mode": ""]]),
      process("4.2.3", "flag passes", "\(k) --client-ca-file=/ca.crt", .passed),
      process(
        "4.2.3", "config-only passes", kc, .passed,
        config: ["authentication": ["x509": ["clientCAFile": "/etc/kubernetes/pki/ca.crt"]]]),
      process("4.2.3", "unset fails", kc, .failed, config: empty),
      process("4.2.4", "flag 0 passes", "\(k) --read-only-port=0", .passed),
      process("4.2.4", "flag 10255 fails", "\(k) --read-only-port=10255", .failed),
      process("4.2.4", "config 10255 fails", kc, .failed, config: ["readOnlyPort": 10255]),
      process("4.2.4", "a config file without the key passes (default 0)", kc, .passed, config: empty),
      process("4.2.4", "no flag, no config fails (default 10255)", k, .failed),
      process("4.2.5", "unset passes (default 4h)", kc, .passed, config: empty),
      process("4.2.5", "flag 5m passes", "\(k) --streaming-connection-idle-timeout=5m", .passed),
      process("4.2.5", "flag 0 fails", "\(k) --streaming-connection-idle-timeout=0", .failed),
      // The kubelet's config defaulting turns a zero duration in the file into 4h; a flag is taken as given.
      process(
        "4.2.5", "config \"0s\" passes (defaulted to 4h)", kc, .passed, config: ["streamingConnectionIdleTimeout": "0s"]
      ),
      process(
        "4.2.5", "config number 0 passes (defaulted to 4h)", kc, .passed, config: ["streamingConnectionIdleTimeout": 0]),
      process(
        "4.2.5", "config \"0h0m0s\" passes (defaulted to 4h)", kc, .passed,
        config: ["streamingConnectionIdleTimeout": "0h0m0s"]),
      process("4.2.5", "flag 0s fails", "\(k) --streaming-connection-idle-timeout=0s", .failed),
      process(
        "4.2.5", "flag 0 fails over a good config", "\(kc) --streaming-connection-idle-timeout=0", .failed,
        config: ["streamingConnectionIdleTimeout": "5m"]),
      process("4.2.5", "config \"1m\" passes", kc, .passed, config: ["streamingConnectionIdleTimeout": "1m"]),
      process("4.2.6", "flag true passes", "\(k) --protect-kernel-defaults=true", .passed),
      process("4.2.6", "config true passes", kc, .passed, config: ["protectKernelDefaults": true]),
      process("4.2.6", "unset fails (default false)", kc, .failed, config: empty),
      process("4.2.7", "unset passes (default true)", k, .passed),
      process("4.2.7", "flag false fails", "\(k) --make-iptables-util-chains=false", .failed),
      process("4.2.7", "config false fails", kc, .failed, config: ["makeIPTablesUtilChains": false]),
      process("4.2.8", "absent passes", kc, .passed, config: empty),
      process("4.2.8", "set fails", "\(k) --hostname-override=node-1", .failed),
      process("4.2.9", "flag 0 passes", "\(k) --event-qps=0", .passed),
      process("4.2.9", "config 0 passes", kc, .passed, config: ["eventRecordQPS": 0]),
      process("4.2.9", "config 5 fails", kc, .failed, config: ["eventRecordQPS": 5]),
      process("4.2.9", "a config file without the key fails (default 50)", kc, .failed, config: empty),
      process("4.2.9", "unset fails (default 5)", k, .failed),
      process("4.2.10", "both flags pass", "\(k) --tls-cert-file=/c --tls-private-key-file=/k", .passed),
      process(
        "4.2.10", "both in the config pass", kc, .passed, config: ["tlsCertFile": "/c", "tlsPrivateKeyFile": "/k"]),
      process("4.2.10", "only the certificate fails", "\(k) --tls-cert-file=/c", .failed),
      process("4.2.11", "flag true passes", "\(k) --rotate-certificates=true", .passed),
      process("4.2.11", "config true passes", kc, .passed, config: ["rotateCertificates": true]),
      process("4.2.11", "config false fails", kc, .failed, config: ["rotateCertificates": false]),
      process("4.2.11", "unset fails (default false)", kc, .failed, config: empty),
      process("4.2.12", "unset passes (default true)", kc, .passed, config: empty),
      process(
        "4.2.12", "flag false fails", "\(k) --feature-gates=RotateKubeletServerCertificate=false", .failed),
      process(
        "4.2.12", "config false fails", kc, .failed,
        config: ["featureGates": ["RotateKubeletServerCertificate": false]]),
      process(
        "4.2.12", "the flag overrides the config per gate",
        "\(kc) --feature-gates=RotateKubeletServerCertificate=true", .passed,
        config: ["featureGates": ["RotateKubeletServerCertificate": false]]),
      process(
        "4.2.13", "listed suites pass (flag)",
        "\(k) --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_256_GCM_SHA384", .passed),
      process(
        "4.2.13", "listed suites pass (config)", kc, .passed,
        config: ["tlsCipherSuites": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"]]),
      process(
        "4.2.13", "a CBC suite fails", kc, .failed,
        config: ["tlsCipherSuites": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"]]),
      process("4.2.13", "unset fails (Go defaults)", kc, .failed, config: empty),
    ]
  }()

  // MARK: Kubernetes objects

  static func object(_ rule: String, _ label: String, _ json: JSONValue, _ expected: EvaluationResult?) -> GoldenCase {
    GoldenCase(rule: rule, label: label, resource: .object(json), expected: expected)
  }

  static func pod(
    _ rule: String, _ label: String, _ spec: JSONValue, _ expected: EvaluationResult?, cluster: [JSONValue] = []
  ) -> GoldenCase {
    GoldenCase(rule: rule, label: label, resource: .pod(spec), expected: expected, cluster: cluster)
  }

  /// A ServiceAccount in the `default` namespace (where the golden pods run).
  static func account(_ name: String, automount: Bool? = nil) -> JSONValue {
    var o = JSONObject()
    o["kind"] = "ServiceAccount"
    o["metadata"] = ["name": .string(name), "namespace": "default"]
    if let automount { o["automountServiceAccountToken"] = .bool(automount) }
    return .object(o)
  }

  static func binding(_ kind: String, namespace: String? = "default", subject: JSONValue) -> JSONValue {
    var metadata = JSONObject()
    metadata["name"] = "grant"
    if let namespace { metadata["namespace"] = .string(namespace) }
    return [
      "kind": .string(kind), "metadata": .object(metadata), "roleRef": ["kind": "ClusterRole", "name": "edit"],
      "subjects": [subject],
    ]
  }

  static func defaultAccount(_ label: String, automount: Bool?, _ expected: EvaluationResult, cluster: [JSONValue])
    -> GoldenCase
  {
    GoldenCase(
      rule: "5.1.5", label: label, resource: .object(account("default", automount: automount)), expected: expected,
      cluster: cluster)
  }

  /// A mirror (static) pod: the kubelet's annotation and no ServiceAccount.
  static let mirrorPod: JSONValue = [
    "kind": "Pod",
    "metadata": [
      "name": "kube-apiserver-node-1", "namespace": "kube-system", "uid": "m",
      "annotations": ["kubernetes.io/config.mirror": "c0ffee"],
    ],
    "spec": ["containers": [["name": "kube-apiserver"]]],
  ]

  static func role(_ kind: String, _ rule: JSONValue) -> JSONValue {
    ["kind": .string(kind), "metadata": ["name": "r", "namespace": "a", "uid": "u"], "rules": [rule]]
  }

  static let rbac: [GoldenCase] = [
    object(
      "5.1.3", "a narrow Role passes", role("Role", ["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]]),
      .passed),
    object(
      "5.1.3", "* in apiGroups fails", role("Role", ["apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]]),
      .failed),
    object(
      "5.1.3", "* in resources fails", role("ClusterRole", ["apiGroups": [""], "resources": ["*"], "verbs": ["get"]]),
      .failed),
    object(
      "5.1.3", "* in verbs fails", role("ClusterRole", ["apiGroups": [""], "resources": ["pods"], "verbs": ["*"]]),
      .failed),
    object("5.1.3", "a RoleBinding is not the target", ["kind": "RoleBinding", "metadata": ["name": "b"]], nil),
    defaultAccount(
      "default ServiceAccount with automount false and no binding passes", automount: false, .passed, cluster: []),
    defaultAccount("default ServiceAccount with automount unset fails", automount: nil, .failed, cluster: []),
    defaultAccount("default ServiceAccount with automount true fails", automount: true, .failed, cluster: []),
    defaultAccount(
      "default ServiceAccount bound by a RoleBinding fails, even with automount false", automount: false, .failed,
      cluster: [binding("RoleBinding", subject: ["kind": "ServiceAccount", "name": "default", "namespace": "default"])]),
    defaultAccount(
      "a RoleBinding subject without a namespace is the binding's", automount: false, .failed,
      cluster: [binding("RoleBinding", subject: ["kind": "ServiceAccount", "name": "default"])]),
    defaultAccount(
      "bound by a ClusterRoleBinding as its user name fails", automount: false, .failed,
      cluster: [
        binding(
          "ClusterRoleBinding", namespace: nil,
          subject: ["kind": "User", "name": "system:serviceaccount:default:default"])
      ]),
    defaultAccount(
      "bound through the group of its namespace's accounts fails", automount: false, .failed,
      cluster: [
        binding(
          "ClusterRoleBinding", namespace: nil, subject: ["kind": "Group", "name": "system:serviceaccounts:default"])
      ]),
    defaultAccount(
      "bindings to other accounts and namespaces leave it unused", automount: false, .passed,
      cluster: [
        binding("RoleBinding", subject: ["kind": "ServiceAccount", "name": "builder", "namespace": "default"]),
        binding(
          "ClusterRoleBinding", namespace: nil,
          subject: ["kind": "ServiceAccount", "name": "default", "namespace": "other"]),
        binding(
          "ClusterRoleBinding", namespace: nil, subject: ["kind": "Group", "name": "system:serviceaccounts:other"]),
      ]),
    object(
      "5.1.5", "another ServiceAccount is not the target", ["kind": "ServiceAccount", "metadata": ["name": "builder"]],
      nil),
    object(
      "5.1.5", "a binding is not the target (the default account's finding names it)",
      binding(
        "ClusterRoleBinding", namespace: nil, subject: ["kind": "ServiceAccount", "name": "default", "namespace": "a"]),
      nil),
    pod("5.1.5", "a pod as default with a token fails", ["serviceAccountName": "default"], .failed),
    pod("5.1.5", "a pod with no service account named runs as default and fails", ["containers": []], .failed),
    pod(
      "5.1.5", "a pod as default without a token passes",
      ["serviceAccountName": "default", "automountServiceAccountToken": false], .passed),
    pod(
      "5.1.5", "a pod as default whose account turns automounting off passes", ["containers": []], .passed,
      cluster: [account("default", automount: false)]),
    pod("5.1.5", "a pod with its own service account passes", ["serviceAccountName": "web"], .passed),
    GoldenCase(
      rule: "5.1.5", label: "a mirror pod runs as no account and passes", resource: .object(mirrorPod),
      expected: .passed),
    pod("5.1.6", "pod automount false passes", ["automountServiceAccountToken": false], .passed),
    pod("5.1.6", "pod automount true fails", ["automountServiceAccountToken": true], .failed),
    pod(
      "5.1.6", "pod and account unset fails (default true)", ["serviceAccountName": "web"], .failed,
      cluster: [account("web")]),
    pod(
      "5.1.6", "pod unset, account automount false passes", ["serviceAccountName": "web"], .passed,
      cluster: [account("web", automount: false)]),
    pod(
      "5.1.6", "pod true overrides the account's false and fails",
      ["serviceAccountName": "web", "automountServiceAccountToken": true], .failed,
      cluster: [account("web", automount: false)]),
    pod(
      "5.1.6", "pod false overrides the account's true and passes",
      ["serviceAccountName": "web", "automountServiceAccountToken": false], .passed,
      cluster: [account("web", automount: true)]),
    pod(
      "5.1.6", "a missing account is judged as unset and fails", ["serviceAccountName": "ghost"], .failed,
      cluster: [account("web", automount: false)]),
    GoldenCase(
      rule: "5.1.6", label: "a mirror pod has no token and passes", resource: .object(mirrorPod), expected: .passed),
    object(
      "5.1.6", "ServiceAccount automount false passes",
      ["kind": "ServiceAccount", "metadata": ["name": "web"], "automountServiceAccountToken": false], .passed),
    object(
      "5.1.6", "ServiceAccount automount unset fails", ["kind": "ServiceAccount", "metadata": ["name": "web"]], .failed),
  ]

  static func container(_ securityContext: JSONValue) -> JSONValue {
    ["containers": [["name": "app", "securityContext": securityContext]]]
  }

  static let plain: JSONValue = ["containers": [["name": "app"]]]

  static let pods: [GoldenCase] = [
    pod("5.2.2", "no securityContext passes", plain, .passed),
    pod("5.2.2", "privileged container fails", container(["privileged": true]), .failed),
    pod(
      "5.2.2", "privileged init container fails",
      ["containers": [["name": "a"]], "initContainers": [["name": "i", "securityContext": ["privileged": true]]]],
      .failed),
    pod(
      "5.2.2", "privileged ephemeral container fails",
      [
        "containers": [["name": "a"]], "ephemeralContainers": [["name": "d", "securityContext": ["privileged": true]]],
      ], .failed),
    pod("5.2.3", "hostPID unset passes", plain, .passed),
    pod("5.2.3", "hostPID true fails", ["hostPID": true, "containers": []], .failed),
    pod("5.2.4", "hostIPC false passes", ["hostIPC": false], .passed),
    pod("5.2.4", "hostIPC true fails", ["hostIPC": true], .failed),
    pod("5.2.5", "hostNetwork unset passes", plain, .passed),
    pod("5.2.5", "hostNetwork true fails", ["hostNetwork": true], .failed),
    pod("5.2.6", "allowPrivilegeEscalation false passes", container(["allowPrivilegeEscalation": false]), .passed),
    pod("5.2.6", "allowPrivilegeEscalation true fails", container(["allowPrivilegeEscalation": true]), .failed),
    pod("5.2.6", "a container without securityContext fails (default allowed)", plain, .failed),
    pod("5.2.7", "runAsNonRoot on the container passes", container(["runAsNonRoot": true]), .passed),
    pod(
      "5.2.7", "runAsNonRoot at pod level passes",
      ["securityContext": ["runAsNonRoot": true], "containers": [["name": "app"]]], .passed),
    pod(
      "5.2.7", "runAsUser 0 at pod level fails",
      ["securityContext": ["runAsUser": 0], "containers": [["name": "app"]]], .failed),
    pod(
      "5.2.7", "container runAsUser 1000 overrides pod 0 and passes",
      ["securityContext": ["runAsUser": 0], "containers": [["name": "app", "securityContext": ["runAsUser": 1000]]]],
      .passed),
    pod("5.2.7", "a container without securityContext fails (image user)", plain, .failed),
    pod(
      "5.2.7", "a root init container fails",
      [
        "securityContext": ["runAsNonRoot": true], "containers": [["name": "a"]],
        "initContainers": [["name": "i", "securityContext": ["runAsUser": 0]]],
      ], .failed),
    pod("5.2.8", "drop NET_RAW passes", container(["capabilities": ["drop": ["NET_RAW"]]]), .passed),
    pod("5.2.8", "drop ALL passes", container(["capabilities": ["drop": ["ALL"]]]), .passed),
    pod("5.2.8", "a container without securityContext fails (runtime default)", plain, .failed),
    pod(
      "5.2.8", "one of two containers keeping NET_RAW fails",
      ["containers": [["name": "a", "securityContext": ["capabilities": ["drop": ["ALL"]]]], ["name": "b"]]], .failed),
    pod("5.2.9", "no capabilities added passes", plain, .passed),
    pod(
      "5.2.9", "a default capability re-added passes",
      container(["capabilities": ["drop": ["ALL"], "add": ["NET_BIND_SERVICE"]]]), .passed),
    pod("5.2.9", "SYS_ADMIN added fails", container(["capabilities": ["add": ["SYS_ADMIN"]]]), .failed),
    pod("5.2.10", "drop ALL passes", container(["capabilities": ["drop": ["ALL"]]]), .passed),
    pod(
      "5.2.10", "drop ALL and add back NET_BIND_SERVICE passes (restricted profile; CoreDNS)",
      container(["capabilities": ["drop": ["ALL"], "add": ["NET_BIND_SERVICE"]]]), .passed),
    pod(
      "5.2.10", "CAP_NET_BIND_SERVICE is the same capability",
      container(["capabilities": ["drop": ["all"], "add": ["CAP_NET_BIND_SERVICE"]]]), .passed),
    pod(
      "5.2.10", "drop ALL and add another fails",
      container(["capabilities": ["drop": ["ALL"], "add": ["NET_BIND_SERVICE", "SYS_TIME"]]]), .failed),
    pod(
      "5.2.10", "NET_BIND_SERVICE added without dropping ALL fails",
      container(["capabilities": ["add": ["NET_BIND_SERVICE"]]]), .failed),
    pod("5.2.10", "a container without securityContext fails (runtime default set)", plain, .failed),
  ]
}
