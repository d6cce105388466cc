import Benchmarks
import KSPMCore

/// Resources built the way the collectors build them, for tests.
enum Fixture {
  /// The kubeadm kubelet `--config` path; the process collector reports it marked `kubelet --config`.
  static let kubeletConfigPath = "/var/lib/kubelet/config.yaml"

  /// A file at `hostPath` on the node, seen under `/hostfs`. The kubeadm kubelet config file is
  /// marked as named by `kubelet --config`, as the process collector reports it, unless `namedBy`
  /// says otherwise.
  static func file(
    _ hostPath: String, mode: UInt32, owner: String = "root", group: String = "root", directory: Bool = false,
    namedBy: [String]? = nil
  ) -> FileResource {
    FileResource(
      path: "/hostfs" + hostPath, hostPath: hostPath, isDirectory: directory, mode: mode,
      uid: owner == "root" ? 0 : 1000,
      gid: group == "root" ? 0 : 1000, owner: owner, group: group,
      namedBy: namedBy ?? (hostPath == kubeletConfigPath ? ["kubelet --config"] : []))
  }

  /// A process from a command line split on spaces (`"kube-apiserver --a=b --c d"`); the comm is
  /// the executable truncated to 15 characters, as the kernel does.
  static func process(_ commandLine: String, config: JSONValue? = nil, configPath: String? = nil) -> ProcessResource {
    let arguments = commandLine.split(separator: " ").map(String.init)
    let executable = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
    var configFiles: [String: ProcessConfigFile] = [:]
    if let config {
      configFiles["config"] = ProcessConfigFile(path: configPath ?? "/var/lib/kubelet/config.yaml", content: config)
    }
    return ProcessResource(
      pid: 100, name: String(executable.prefix(15)), executable: executable, arguments: arguments,
      configFiles: configFiles)
  }

  static func object(_ json: JSONValue) -> KubernetesObject { KubernetesObject(object: json) }

  /// A Pod with this spec.
  static func pod(_ spec: JSONValue, name: String = "web") -> KubernetesObject {
    object([
      "apiVersion": "v1", "kind": "Pod",
      "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)")], "spec": spec,
    ])
  }

  /// A Pod with one container `app` whose `securityContext` is `securityContext` (none when nil).
  static func podWithContainer(_ securityContext: JSONValue?, podSecurityContext: JSONValue? = nil) -> KubernetesObject
  {
    var container: JSONObject = (["name": "app", "image": "nginx"] as JSONValue).objectValue!
    if let securityContext { container["securityContext"] = securityContext }
    var spec = JSONObject()
    spec["containers"] = [.object(container)]
    if let podSecurityContext { spec["securityContext"] = podSecurityContext }
    return pod(.object(spec))
  }
}

extension Resource {
  static func file(
    _ hostPath: String, mode: UInt32, owner: String = "root", group: String = "root", directory: Bool = false,
    namedBy: [String]? = nil
  ) -> Resource {
    .file(Fixture.file(hostPath, mode: mode, owner: owner, group: group, directory: directory, namedBy: namedBy))
  }

  static func process(_ commandLine: String, config: JSONValue? = nil) -> Resource {
    .process(Fixture.process(commandLine, config: config))
  }

  static func object(_ json: JSONValue) -> Resource { .kubernetes(Fixture.object(json)) }

  static func pod(_ spec: JSONValue) -> Resource { .kubernetes(Fixture.pod(spec)) }
}
