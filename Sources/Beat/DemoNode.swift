import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The demo's control-plane node: a host-root folder with the files, owners and modes of a
/// kubeadm node, and a `proc` tree with its control-plane processes, created at run time.
enum DemoNode {
  static let nodeName = "demo-control-plane"
  static let etcdUID: UInt32 = 998

  struct Entry {
    var path: String
    var mode: mode_t
    var content: String = ""
    var owner: UInt32 = 0
    var directory = false
  }

  /// Writes the node snapshot under `root`.
  static func build(at root: URL) throws {
    let fm = FileManager.default
    let amRoot = geteuid() == 0
    for entry in entries() {
      let url = root.appendingPathComponent(entry.path)
      try fm.createDirectory(
        at: entry.directory ? url : url.deletingLastPathComponent(), withIntermediateDirectories: true)
      if !entry.directory {
        try Data(entry.content.utf8).write(to: url)
      }
      guard chmod(url.path, entry.mode) == 0 else { throw DemoError("cannot set the mode of \(url.path)") }
      if amRoot { _ = chown(url.path, entry.owner, entry.owner) }
    }
    // When not run as root the files belong to the current user: the snapshot's passwd maps that
    // user to "root" so that ownership reads as on a real node.
    let passwd =
      amRoot
      ? "root:x:0:0:root:/root:/bin/bash\netcd:x:\(etcdUID):\(etcdUID):etcd user:/var/lib/etcd:/sbin/nologin\n"
      : "root:x:\(geteuid()):\(getegid()):root:/root:/bin/bash\n"
    let group = amRoot ? "root:x:0:\netcd:x:\(etcdUID):\n" : "root:x:\(getegid()):\n"
    try fm.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
    try Data(passwd.utf8).write(to: root.appendingPathComponent("etc/passwd"))
    try Data(group.utf8).write(to: root.appendingPathComponent("etc/group"))
    try writeProcesses(at: root.appendingPathComponent("proc"))
  }

  static func entries() -> [Entry] {
    let manifests = "etc/kubernetes/manifests/"
    let pki = "etc/kubernetes/pki/"
    return [
      Entry(path: manifests + "kube-apiserver.yaml", mode: 0o600, content: "# static pod manifest\n"),
      Entry(path: manifests + "kube-controller-manager.yaml", mode: 0o644, content: "# static pod manifest\n"),
      Entry(path: manifests + "kube-scheduler.yaml", mode: 0o664, content: "# static pod manifest\n"),
      Entry(path: manifests + "etcd.yaml", mode: 0o600, content: "# static pod manifest\n"),
      Entry(path: "etc/kubernetes/admin.conf", mode: 0o640, content: "apiVersion: v1\nkind: Config\n"),
      Entry(path: "etc/kubernetes/scheduler.conf", mode: 0o600, content: "apiVersion: v1\nkind: Config\n"),
      Entry(path: "etc/kubernetes/controller-manager.conf", mode: 0o600, content: "apiVersion: v1\nkind: Config\n"),
      Entry(path: "etc/kubernetes/kubelet.conf", mode: 0o600, content: "apiVersion: v1\nkind: Config\n"),
      Entry(path: pki, mode: 0o755, directory: true),
      Entry(path: pki + "ca.crt", mode: 0o644, content: "demo certificate\n"),
      Entry(path: pki + "ca.key", mode: 0o600, content: "demo key\n"),
      Entry(path: pki + "apiserver.crt", mode: 0o644, content: "demo certificate\n"),
      Entry(path: pki + "apiserver.key", mode: 0o644, content: "demo key\n"),
      Entry(path: pki + "sa.key", mode: 0o600, content: "demo key\n"),
      Entry(path: pki + "etcd", mode: 0o755, directory: true),
      Entry(path: pki + "etcd/ca.crt", mode: 0o666, content: "demo certificate\n"),
      Entry(path: pki + "etcd/ca.key", mode: 0o600, content: "demo key\n"),
      Entry(path: "var/lib/etcd", mode: 0o700, owner: etcdUID, directory: true),
      Entry(path: "var/lib/etcd/member", mode: 0o700, owner: etcdUID, directory: true),
      Entry(path: "var/lib/etcd/member/snap", mode: 0o755, owner: etcdUID, directory: true),
      Entry(path: "var/lib/kubelet/config.yaml", mode: 0o644, content: kubeletConfig),
      Entry(
        path: "etc/systemd/system/kubelet.service.d/10-kubeadm.conf", mode: 0o644,
        content: "[Service]\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS\n"),
    ]
  }

  /// A kubeadm-style kubelet configuration with two settings left weak.
  static let kubeletConfig = """
    apiVersion: kubelet.config.k8s.io/v1beta1
    kind: KubeletConfiguration
    authentication:
      anonymous:
        enabled: false
      webhook:
        enabled: true
      x509:
        clientCAFile: /etc/kubernetes/pki/ca.crt
    authorization:
      mode: Webhook
    cgroupDriver: systemd
    clusterDNS:
    - 10.96.0.10
    clusterDomain: cluster.local
    rotateCertificates: true
    streamingConnectionIdleTimeout: 0s
    readOnlyPort: 10255
    staticPodPath: /etc/kubernetes/manifests

    """

  struct DemoProcess {
    var pid: Int
    var arguments: [String]
  }

  static let processes: [DemoProcess] = [
    DemoProcess(
      pid: 1101,
      arguments: [
        "etcd", "--advertise-client-urls=https://192.168.49.2:2379", "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
        "--client-cert-auth=true", "--data-dir=/var/lib/etcd", "--key-file=/etc/kubernetes/pki/etcd/server.key",
        "--listen-client-urls=https://127.0.0.1:2379,https://192.168.49.2:2379",
        "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true",
        "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        "--peer-auto-tls=true",
      ]),
    DemoProcess(
      pid: 1102,
      arguments: [
        "kube-apiserver", "--advertise-address=192.168.49.2", "--allow-privileged=true",
        "--authorization-mode=Node,RBAC", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key", "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12",
        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
        "--audit-log-path=/var/log/kubernetes/audit.log", "--audit-log-maxage=7",
        "--token-auth-file=/etc/kubernetes/tokens.csv",
      ]),
    DemoProcess(
      pid: 1103,
      arguments: [
        "kube-controller-manager", "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--leader-elect=true", "--root-ca-file=/etc/kubernetes/pki/ca.crt",
        "--service-account-private-key-file=/etc/kubernetes/pki/sa.key", "--use-service-account-credentials=true",
      ]),
    DemoProcess(
      pid: 1104,
      arguments: [
        "kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
        "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true", "--profiling=false",
      ]),
    DemoProcess(
      pid: 1201,
      arguments: [
        "/usr/bin/kubelet", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
        "--kubeconfig=/etc/kubernetes/kubelet.conf", "--config", "/var/lib/kubelet/config.yaml",
        "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
        "--pod-infra-container-image=registry.k8s.io/pause:3.9",
      ]),
  ]

  /// `proc/<pid>/{stat,cmdline,environ}` for each demo process and `proc/uptime`.
  static func writeProcesses(at proc: URL) throws {
    let fm = FileManager.default
    try fm.createDirectory(at: proc, withIntermediateDirectories: true)
    try Data("86400.42 170000.10\n".utf8).write(to: proc.appendingPathComponent("uptime"))
    for process in processes {
      let dir = proc.appendingPathComponent(String(process.pid))
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      let executable = (process.arguments[0] as NSString).lastPathComponent
      let comm = String(executable.prefix(15))
      let startTicks = 1500 + process.pid
      let stat =
        "\(process.pid) (\(comm)) S 1 \(process.pid) \(process.pid) 0 -1 4194560 52311 0 0 0 "
        + "93210 41022 0 0 20 0 \(12 + process.pid % 7) 0 \(startTicks) 1947252736 20001 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
      try Data(stat.utf8).write(to: dir.appendingPathComponent("stat"))
      let cmdline = process.arguments.joined(separator: "\0") + "\0"
      try Data(cmdline.utf8).write(to: dir.appendingPathComponent("cmdline"))
      // Every process has an environment; etcd reads settings from it (none of the checked ones here).
      let environ = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"]
      try Data((environ.joined(separator: "\0") + "\0").utf8).write(to: dir.appendingPathComponent("environ"))
    }
  }
}

struct DemoError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
