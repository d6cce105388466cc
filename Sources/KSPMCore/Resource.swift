import Foundation

/// `resource.type` of a finding.
public enum ResourceType: String, Sendable, Hashable, CaseIterable {
  case file
  case process
  case kubernetesObject = "k8s_object"
  case containerRegistry = "container-registry"
  case loadBalancer = "load-balancer"
  case containerService = "caas"
}

/// Where a resource comes from: the whole cluster (collected by the elected leader only) or
/// this node (collected on every node).
public enum CollectionScope: String, Sendable, Hashable {
  case cluster
  case node
}

/// One thing a benchmark evaluates: a file, a process, a Kubernetes object, a cloud resource.
public struct Resource: Sendable {
  public var type: ResourceType
  /// `resource.sub_type`: `file`/`directory`, `process`, the Kubernetes kind, `aws-ecr`, …
  public var subType: String
  /// `resource.name`: the path, the process name, the object name.
  public var name: String
  /// The identity before hashing: the path, pid + start time, the object uid, an ARN.
  public var rawID: String
  public var scope: CollectionScope
  public var payload: ResourcePayload
  /// The manifest file it was read from (offline scans); `nil` for an API server, standard input
  /// and node resources.
  public var sourceFile: String?

  public init(
    type: ResourceType, subType: String, name: String, rawID: String, scope: CollectionScope,
    payload: ResourcePayload
  ) {
    self.type = type
    self.subType = subType
    self.name = name
    self.rawID = rawID
    self.scope = scope
    self.payload = payload
  }

  /// A resource for a file or directory read on this node.
  public static func file(_ file: FileResource) -> Resource {
    Resource(
      type: .file, subType: file.isDirectory ? "directory" : "file", name: file.path, rawID: file.path,
      scope: .node, payload: .file(file))
  }

  /// A resource for a process running on this node.
  public static func process(_ process: ProcessResource) -> Resource {
    Resource(
      type: .process, subType: "process", name: process.name,
      rawID: String(process.pid) + String(process.startTicks), scope: .node, payload: .process(process))
  }

  /// A resource for a Kubernetes API object.
  public static func kubernetes(_ object: KubernetesObject) -> Resource {
    Resource(
      type: .kubernetesObject, subType: object.kind, name: object.name, rawID: object.uid, scope: .cluster,
      payload: .kubernetes(object))
  }

  public var file: FileResource? {
    if case .file(let f) = payload { return f }
    return nil
  }

  public var process: ProcessResource? {
    if case .process(let p) = payload { return p }
    return nil
  }

  public var kubernetesObject: KubernetesObject? {
    if case .kubernetes(let o) = payload { return o }
    return nil
  }

  /// A resource for a cloud-provider resource (collected by the cluster leader).
  public static func cloud(_ resource: CloudResource) -> Resource {
    Resource(
      type: resource.kind.type, subType: resource.kind.subType, name: resource.name, rawID: resource.id,
      scope: .cluster, payload: .cloud(resource))
  }

  public var cloudResource: CloudResource? {
    if case .cloud(let c) = payload { return c }
    return nil
  }
}

/// The typed content of a resource.
public enum ResourcePayload: Sendable {
  case file(FileResource)
  case process(ProcessResource)
  case kubernetes(KubernetesObject)
  /// A cloud-provider resource (EKS, ECR, ELB).
  case cloud(CloudResource)
}

/// A file or directory with what `stat` and the host's passwd/group files say about it.
public struct FileResource: Sendable, Hashable {
  /// The path as kspmbeat sees it, host root included (`/hostfs/etc/kubernetes/admin.conf`).
  public var path: String
  /// The path on the node itself (`/etc/kubernetes/admin.conf`).
  public var hostPath: String
  public var isDirectory: Bool
  /// Permission bits only (`0o644`).
  public var mode: UInt32
  public var uid: UInt32
  public var gid: UInt32
  /// User name from the host's `/etc/passwd`; empty when the uid is not listed there.
  public var owner: String
  /// Group name from the host's `/etc/group`; empty when the gid is not listed there.
  public var group: String
  public var inode: UInt64
  public var size: Int64
  public var accessed: Date?
  public var modified: Date?
  public var changed: Date?
  /// The flags of running processes that name this file, e.g. `kubelet --config`: how rules find
  /// a file by the role it plays rather than by a fixed path.
  public var namedBy: [String]

  public init(
    path: String, hostPath: String, isDirectory: Bool, mode: UInt32, uid: UInt32, gid: UInt32, owner: String,
    group: String, inode: UInt64 = 0, size: Int64 = 0, accessed: Date? = nil, modified: Date? = nil,
    changed: Date? = nil, namedBy: [String] = []
  ) {
    self.namedBy = namedBy
    self.path = path
    self.hostPath = hostPath
    self.isDirectory = isDirectory
    self.mode = mode
    self.uid = uid
    self.gid = gid
    self.owner = owner
    self.group = group
    self.inode = inode
    self.size = size
    self.accessed = accessed
    self.modified = modified
    self.changed = changed
  }

  /// The base name (`admin.conf`).
  public var name: String {
    let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
  }

  /// The permission bits as octal digits without a leading zero (`"644"`), as cloudbeat shows them.
  public var modeString: String { String(mode & 0o7777, radix: 8) }
}

/// A configuration file named by a process flag (the kubelet's `--config`), parsed.
public struct ProcessConfigFile: Sendable, Hashable {
  /// The path the process uses (`/var/lib/kubelet/config.yaml`).
  public var path: String
  /// The parsed document, or `nil` when it could not be read or parsed.
  public var content: JSONValue?
  /// Why the file could not be used, when it could not.
  public var error: String?

  public init(path: String, content: JSONValue?, error: String? = nil) {
    self.path = path
    self.content = content
    self.error = error
  }
}

/// A process read from `/proc/<pid>`.
public struct ProcessResource: Sendable, Hashable {
  public var pid: Int32
  /// The kernel's `comm` (at most 15 characters: `kube-controller`).
  public var name: String
  /// The base name of `argv[0]` (`kube-controller-manager`).
  public var executable: String
  public var arguments: [String]
  public var parentPID: Int32
  public var processGroup: Int32
  /// Start time in clock ticks after boot (field 22 of `stat`).
  public var startTicks: UInt64
  public var startTime: Date?
  /// Seconds the process has been running, when known.
  public var uptime: Int64?
  /// Selected raw `stat` fields, as cloudbeat's `resource.raw.stat` shows them.
  public var stat: JSONObject
  /// Parsed command-line flags.
  public var flags: ProcessFlags
  /// Configuration files named by flags, keyed by flag name without dashes (`config`).
  public var configFiles: [String: ProcessConfigFile]
  /// Flags (with dashes) whose value may come from a source that could not be read, with why: etcd
  /// reads `--cert-file` from `ETCD_CERT_FILE` too, and `/proc/<pid>/environ` may be unreadable.
  /// A rule on such a flag, when it is not on the command line, is not evaluated.
  public var unknownFlags: [String: String] = [:]

  public init(
    pid: Int32, name: String, executable: String, arguments: [String], parentPID: Int32 = 0,
    processGroup: Int32 = 0, startTicks: UInt64 = 0, startTime: Date? = nil, uptime: Int64? = nil,
    stat: JSONObject = JSONObject(), configFiles: [String: ProcessConfigFile] = [:]
  ) {
    self.pid = pid
    self.name = name
    self.executable = executable
    self.arguments = arguments
    self.parentPID = parentPID
    self.processGroup = processGroup
    self.startTicks = startTicks
    self.startTime = startTime
    self.uptime = uptime
    self.stat = stat
    self.flags = ProcessFlags(arguments: arguments)
    self.configFiles = configFiles
  }

  /// The command line with arguments joined by spaces.
  public var commandLine: String { arguments.joined(separator: " ") }
}

/// A Kubernetes API object with its identifying fields pulled out.
public struct KubernetesObject: Sendable, Hashable {
  public var apiVersion: String
  public var kind: String
  public var name: String
  public var namespace: String?
  public var uid: String
  /// The whole object as the API serves it (with `apiVersion`/`kind` filled in).
  public var object: JSONValue

  public init(object: JSONValue) {
    self.object = object
    apiVersion = object["apiVersion"]?.stringValue ?? ""
    kind = object["kind"]?.stringValue ?? ""
    name = object[path: "metadata", "name"]?.stringValue ?? ""
    namespace = object[path: "metadata", "namespace"]?.stringValue
    uid = object[path: "metadata", "uid"]?.stringValue ?? ""
  }
}
