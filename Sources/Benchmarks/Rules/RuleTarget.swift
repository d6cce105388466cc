import KSPMCore

/// Which files a file rule reads, by their path on the node (without the host root).
public enum FileSelector: Sendable, Hashable, CustomStringConvertible {
  /// Exactly this path.
  case path(String)
  /// Any of these paths (one file that distributions install in different places).
  case anyPath([String])
  /// This directory and everything below it.
  case tree(String)
  /// Regular files anywhere below this directory whose name ends with the suffix.
  case filesBelow(String, suffix: String)
  /// The file a running process names with a flag (`kubelet --config`), wherever it is.
  case namedBy(NamedFile)
  /// This directory and everything below it, on nodes where the process runs (etcd's data
  /// directory: elsewhere it is absent, or an empty folder a container runtime made for a mount).
  case treeWhileRunning(String, process: String)

  public func matches(_ file: FileResource) -> Bool {
    let path = Self.normalized(file.hostPath)
    switch self {
    case .path(let p): return path == p
    case .anyPath(let paths): return paths.contains(path)
    case .tree(let root), .treeWhileRunning(let root, _): return path == root || path.hasPrefix(root + "/")
    case .filesBelow(let root, let suffix):
      return !file.isDirectory && path.hasPrefix(root + "/") && path.hasSuffix(suffix)
    case .namedBy(let named): return file.namedBy.contains(named.role)
    }
  }

  /// The collection patterns that gather these files (`/**` = the directory and all below it).
  public var patterns: [String] {
    switch self {
    case .path(let p): [p]
    case .anyPath(let paths): paths
    case .tree(let root), .filesBelow(let root, _), .treeWhileRunning(let root, _): [root + "/**"]
    case .namedBy: []  // reported by the process collector with the process that names it
    }
  }

  static func normalized(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }

  public var description: String {
    switch self {
    case .path(let p): p
    case .anyPath(let paths): paths.joined(separator: " or ")
    case .tree(let root): "\(root) and everything below it"
    case .treeWhileRunning(let root, let process): "\(root) and everything below it, where \(process) runs"
    case .filesBelow(let root, let suffix): "*\(suffix) files below \(root)"
    case .namedBy(let named): "the file named by \(named.role)"
    }
  }
}

/// A file a process names with one of its flags (the kubelet's `--config`): collected with the
/// process, whatever its path.
public struct NamedFile: Sendable, Hashable {
  public var process: ProcessSpec
  /// The flag without dashes (`config`).
  public var flag: String

  public init(process: ProcessSpec, flag: String) {
    self.process = process
    self.flag = flag
  }

  /// `kubelet --config`: how the process collector marks the file (``FileResource/namedBy``).
  public var role: String { "\(process.name) --\(flag)" }
}

/// The resources a rule judges, by kind: what a benchmark collects is derived from these.
public enum RuleTarget: Sendable, Hashable, CustomStringConvertible {
  case file(FileSelector)
  /// A process, by its full executable name (`argv[0]`'s base name, never the 15-character comm),
  /// with what else it reads (config files, environment).
  case process(ProcessSpec)
  /// Kubernetes objects of these kinds.
  case kubernetes([KubernetesKind])
  /// Cloud-provider resources of one kind.
  case cloud(CloudResourceKind)

  public var description: String {
    switch self {
    case .file(let selector): "file \(selector)"
    case .process(let spec): "process \(spec.name)"
    case .kubernetes(let kinds): kinds.map(\.kind).joined(separator: ", ")
    case .cloud(let kind): kind.title
    }
  }

  /// Adds what this target reads to `plan`.
  func contribute(to plan: inout CollectionPlan, check: Check) {
    if case .object(let objectCheck) = check {
      for kind in objectCheck.contextKinds { plan.add(contextKind: kind) }
    }
    switch self {
    case .file(let selector):
      if case .namedBy(let named) = selector {
        var process = named.process
        process.configFlags = [named.flag]
        plan.add(process: process)
      }
      var condition: String?
      if case .treeWhileRunning(_, let process) = selector { condition = process }
      for pattern in selector.patterns { plan.add(filePattern: pattern, onlyWhereRunning: condition) }
    case .process(let spec): plan.add(process: spec)
    case .kubernetes(let kinds): for kind in kinds { plan.add(kind: kind) }
    case .cloud(let kind): plan.add(cloudKind: kind)
    }
  }
}

/// One rule of a benchmark: its metadata, the resources it targets and the check it runs.
public struct BenchmarkRule: Sendable {
  public let metadata: RuleMetadata
  public let target: RuleTarget
  public let check: Check

  public init(metadata: RuleMetadata, target: RuleTarget, check: Check) {
    self.metadata = metadata
    self.target = target
    self.check = check
  }

  public var number: String { metadata.ruleNumber }
}
