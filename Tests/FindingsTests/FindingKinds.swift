import Benchmarks
import Foundation
import KSPMCore

/// Resources of every kind a benchmark reads, each in a strict and a lax variant, so that
/// evaluating them with the benchmark's own rules yields findings of every resource type and
/// sub-type, passed and failed.
enum FindingKinds {
  /// The strict and the lax variant of every resource `benchmark`'s rules target.
  static func resources(for benchmark: TableBenchmark) -> [Resource] {
    let plan = benchmark.collectionPlan
    var resources: [Resource] = []
    var paths = Set<String>()
    for rule in benchmark.benchmarkRules {
      guard case .file(let selector) = rule.target else { continue }
      for (path, directory, namedBy) in files(for: selector) where paths.insert(path).inserted {
        for lax in [false, true] { resources.append(file(path, directory: directory, namedBy: namedBy, lax: lax)) }
      }
    }
    for spec in plan.processes {
      resources.append(.process(process(spec.name, arguments: [])))
      resources.append(
        .process(
          process(
            spec.name, arguments: ["--anonymous-auth=false", "--profiling=false", "--config=/var/lib/kubelet/config"],
            config: [
              "readOnlyPort": 0, "authentication": ["anonymous": ["enabled": false]], "protectKernelDefaults": true,
            ])))
    }
    for kind in plan.kubernetesKinds + plan.contextKinds {
      resources += objects(kind).map { .kubernetes(KubernetesObject(object: $0)) }
    }
    for kind in plan.cloudKinds {
      resources += cloud(kind).map(Resource.cloud)
    }
    return resources
  }

  /// Files a selector matches (path, whether a folder, the process flag naming it): a tree gives
  /// its folder and a certificate below it.
  static func files(for selector: FileSelector) -> [(String, Bool, [String])] {
    switch selector {
    case .path(let path): return [(path, false, [])]
    case .anyPath(let paths): return paths.map { ($0, false, []) }
    case .tree(let root), .treeWhileRunning(let root, _): return [(root, true, []), (root + "/server.crt", false, [])]
    case .filesBelow(let root, let suffix): return [(root + "/sub/server" + suffix, false, [])]
    case .namedBy(let named): return [("/etc/kubernetes/kubelet/kubelet-config.json", false, [named.role])]
    }
  }

  /// Whether `benchmark` has a rule that judges folders.
  static func judgesFolders(_ benchmark: TableBenchmark) -> Bool {
    benchmark.benchmarkRules.contains { rule in
      guard case .file(let selector) = rule.target else { return false }
      return files(for: selector).contains { $0.1 }
    }
  }

  /// A strict file is `0600 root:root`, a lax one `0777 nobody:nogroup`.
  static func file(_ path: String, directory: Bool, namedBy: [String], lax: Bool) -> Resource {
    .file(
      FileResource(
        path: "/hostfs" + path, hostPath: path, isDirectory: directory, mode: lax ? 0o777 : 0o600,
        uid: lax ? 65534 : 0, gid: lax ? 65534 : 0, owner: lax ? "nobody" : "root", group: lax ? "nogroup" : "root",
        inode: 4242, size: directory ? 4096 : 1234, accessed: Date(timeIntervalSince1970: 1_694_000_000),
        modified: Date(timeIntervalSince1970: 1_693_555_202), changed: Date(timeIntervalSince1970: 1_693_555_202),
        namedBy: namedBy))
  }

  static func process(_ name: String, arguments: [String], config: JSONValue? = nil) -> ProcessResource {
    var configFiles: [String: ProcessConfigFile] = [:]
    if let config { configFiles["config"] = ProcessConfigFile(path: "/var/lib/kubelet/config", content: config) }
    return ProcessResource(
      pid: 4321, name: String(name.prefix(15)), executable: name, arguments: ["/usr/bin/" + name] + arguments,
      parentPID: 1, processGroup: 4321, startTicks: 99, startTime: Date(timeIntervalSince1970: 1_694_000_000),
      uptime: 3600, stat: JSONObject([JSONObject.Member(key: "Name", value: .string(String(name.prefix(15))))]),
      configFiles: configFiles)
  }

  /// A lax and a strict object of `kind`.
  static func objects(_ kind: KubernetesKind) -> [JSONValue] {
    func object(_ name: String, _ body: [String: JSONValue]) -> JSONValue {
      var metadata = JSONObject()
      metadata["name"] = .string(name)
      metadata["uid"] = .string("uid-\(kind.kind)-\(name)")
      if kind.namespaced { metadata["namespace"] = "shop" }
      var o = JSONObject()
      o["apiVersion"] = .string(kind.apiVersion)
      o["kind"] = .string(kind.kind)
      o["metadata"] = .object(metadata)
      for key in body.keys.sorted() { o[key] = body[key] }
      return .object(o)
    }
    let wildcard: JSONValue = [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]]
    let narrow: JSONValue = [["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]]]
    switch kind.kind {
    case "Pod":
      return [
        object(
          "lax",
          [
            "spec": [
              "hostPID": true, "hostIPC": true, "hostNetwork": true, "automountServiceAccountToken": true,
              "containers": [
                [
                  "name": "app", "image": "nginx",
                  "securityContext": [
                    "privileged": true, "allowPrivilegeEscalation": true, "runAsUser": 0,
                    "capabilities": ["add": ["NET_ADMIN", "SYS_ADMIN"]],
                  ],
                ]
              ],
            ]
          ]),
        object(
          "strict",
          [
            "spec": [
              "automountServiceAccountToken": false,
              "securityContext": ["runAsNonRoot": true, "runAsUser": 1000],
              "containers": [
                [
                  "name": "app", "image": "nginx",
                  "securityContext": [
                    "privileged": false, "allowPrivilegeEscalation": false, "runAsNonRoot": true, "runAsUser": 1000,
                    "capabilities": ["drop": ["ALL"]],
                  ],
                ]
              ],
            ]
          ]),
      ]
    case "Role", "ClusterRole":
      return [object("lax", ["rules": wildcard]), object("strict", ["rules": narrow])]
    case "ServiceAccount":
      return [
        object("default", ["automountServiceAccountToken": true]),
        object("strict", ["automountServiceAccountToken": false]),
      ]
    case "Node":
      return [
        object("lax", ["status": ["addresses": [["type": "ExternalIP", "address": "203.0.113.7"]]]]),
        object("strict", ["status": ["addresses": [["type": "InternalIP", "address": "10.0.0.7"]]]]),
      ]
    default:
      return [object("lax", [:]), object("strict", [:])]
    }
  }

  /// The repository's EKS fixtures (compliant) and copies made non-compliant.
  static func cloud(_ kind: CloudResourceKind) -> [CloudResource] {
    func resource(_ raw: JSONValue, name: String) -> CloudResource {
      CloudResource(
        kind: kind, id: "arn:aws:\(kind.service.lowercased()):eu-west-1:111122223333:\(name)", name: name,
        region: "eu-west-1", accountID: "111122223333", raw: raw)
    }
    switch kind.subType {
    case "aws-eks":
      let strict = fixture("describe-cluster")
      var cluster = strict["Cluster"]?.objectValue ?? JSONObject()
      cluster["Logging"] = ["ClusterLogging": [["Enabled": false, "Types": ["api", "audit"]]]]
      cluster["EncryptionConfig"] = .null
      cluster["ResourcesVpcConfig"] = [
        "EndpointPrivateAccess": false, "EndpointPublicAccess": true, "PublicAccessCidrs": ["0.0.0.0/0"],
      ]
      return [resource(strict, name: "prod"), resource(["Cluster": .object(cluster)], name: "lax")]
    case "aws-ecr":
      let strict = fixture("ecr-repository")
      var lax = strict.objectValue ?? JSONObject()
      lax["ImageScanningConfiguration"] = ["ScanOnPush": false]
      return [resource(strict, name: "shop/web"), resource(.object(lax), name: "shop/lax")]
    case "aws-elb":
      let strict = fixture("elb-load-balancer")
      var lax = strict.objectValue ?? JSONObject()
      lax["ListenerDescriptions"] = [
        [
          "Listener": [
            "Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 30080,
          ],
          "PolicyNames": [],
        ]
      ]
      return [resource(strict, name: "strict"), resource(.object(lax), name: "lax")]
    default:
      return []
    }
  }

  static func fixture(_ name: String) -> JSONValue {
    let url = repositoryRoot().appendingPathComponent("Tests/Fixtures/eks/\(name).json")
    return (try? JSONParser.parse(String(contentsOf: url, encoding: .utf8))) ?? .null
  }
}
