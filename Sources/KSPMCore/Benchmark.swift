import Foundation

/// A process a benchmark reads, and the flags whose values name configuration files to parse.
public struct ProcessSpec: Sendable, Hashable {
  /// The full executable name (`kube-controller-manager`), matched against `argv[0]`'s base name.
  public var name: String
  /// Flags (without dashes) whose value is a config file to read, e.g. `["config"]` for the kubelet.
  public var configFlags: [String]
  /// Settings the program also reads from its environment (etcd: `ETCD_CERT_FILE` for
  /// `--cert-file`); `nil` when it reads none.
  public var environmentFlags: EnvironmentFlags?
  /// A config file that, when given, replaces the command line and the environment (etcd's
  /// `--config-file`); `nil` when the program has none.
  public var exclusiveConfigFile: ExclusiveConfigFile?

  public init(
    name: String, configFlags: [String] = [], environmentFlags: EnvironmentFlags? = nil,
    exclusiveConfigFile: ExclusiveConfigFile? = nil
  ) {
    self.name = name
    self.configFlags = configFlags
    self.environmentFlags = environmentFlags
    self.exclusiveConfigFile = exclusiveConfigFile
  }
}

/// A config file named by `flag` that the program reads *instead of* its other flags and
/// environment (etcd ignores both when `--config-file` is given). Its settings are turned into the
/// flags they stand for, so flag rules judge what the program really runs with.
public struct ExclusiveConfigFile: Sendable, Hashable {
  /// The flag naming the file, without dashes (`config-file`); also listed in `configFlags`.
  public var flag: String
  /// Each flag (without dashes) and the key path of its setting in the file.
  public var settings: [String: [String]]

  public init(flag: String, settings: [String: [String]]) {
    self.flag = flag
    self.settings = settings
  }
}

/// Flags a program accepts as environment variables: `<prefix><NAME>` for `--name`, upper case with
/// `_` for `-`. Only the listed flags are read, so nothing else from the environment (which may hold
/// secrets) is ever collected. A flag on the command line wins over its variable.
public struct EnvironmentFlags: Sendable, Hashable {
  public var prefix: String
  /// Flag names without dashes (`cert-file`).
  public var flags: [String]

  public init(prefix: String, flags: [String]) {
    self.prefix = prefix
    self.flags = flags
  }

  /// The variable that sets `flag`: `ETCD_CERT_FILE` for `cert-file`.
  public func variable(for flag: String) -> String {
    prefix + flag.uppercased().replacingOccurrences(of: "-", with: "_")
  }
}

/// What a benchmark needs collected on each node, from the cluster and from the cloud account.
/// Benchmarks derive it from their rules' targets; nothing in it is written by hand.
public struct CollectionPlan: Sendable, Hashable {
  /// Host paths (without the host root). A trailing `/**` means the directory and everything below it.
  public var filePatterns: [String]
  /// Patterns collected only on nodes where a process runs (pattern → executable name): the etcd
  /// data directory means something only where etcd runs.
  public var filePatternConditions: [String: String] = [:]
  public var processes: [ProcessSpec]
  public var kubernetesKinds: [KubernetesKind]
  /// Cloud-provider resources (an EKS cluster description, ECR repositories, load balancers).
  public var cloudKinds: [CloudResourceKind]
  /// Kubernetes kinds read first, each cycle, into the ``ClusterContext`` that rules about other
  /// objects consult (ServiceAccounts and role bindings); empty when no rule needs one.
  public var contextKinds: [KubernetesKind]

  public init(
    filePatterns: [String] = [], processes: [ProcessSpec] = [], kubernetesKinds: [KubernetesKind] = [],
    cloudKinds: [CloudResourceKind] = [], contextKinds: [KubernetesKind] = []
  ) {
    self.filePatterns = filePatterns
    self.processes = processes
    self.kubernetesKinds = kubernetesKinds
    self.cloudKinds = cloudKinds
    self.contextKinds = contextKinds
  }

  /// Whether anything is read on the node itself.
  public var needsNode: Bool { !filePatterns.isEmpty || !processes.isEmpty }

  /// Adds a file pattern unless it is already there; with `runningProcess`, collected only where
  /// that executable runs.
  public mutating func add(filePattern: String, onlyWhereRunning runningProcess: String? = nil) {
    if !filePatterns.contains(filePattern) { filePatterns.append(filePattern) }
    if let runningProcess { filePatternConditions[filePattern] = runningProcess }
  }

  /// Adds a process, or merges what it reads into the process of the same name.
  public mutating func add(process: ProcessSpec) {
    guard let i = processes.firstIndex(where: { $0.name == process.name }) else {
      processes.append(process)
      return
    }
    for flag in process.configFlags where !processes[i].configFlags.contains(flag) {
      processes[i].configFlags.append(flag)
    }
    processes[i].environmentFlags = processes[i].environmentFlags ?? process.environmentFlags
    processes[i].exclusiveConfigFile = processes[i].exclusiveConfigFile ?? process.exclusiveConfigFile
  }

  /// Adds a Kubernetes kind unless it is already there.
  public mutating func add(kind: KubernetesKind) {
    if !kubernetesKinds.contains(kind) { kubernetesKinds.append(kind) }
  }

  /// Adds a kind the cluster context is built from, unless it is already there.
  public mutating func add(contextKind: KubernetesKind) {
    if !contextKinds.contains(contextKind) { contextKinds.append(contextKind) }
  }

  /// Adds a cloud resource kind unless it is already there.
  public mutating func add(cloudKind: CloudResourceKind) {
    if !cloudKinds.contains(cloudKind) { cloudKinds.append(cloudKind) }
  }
}

/// A benchmark: its rules, what it needs collected, and how it judges a resource.
public protocol Benchmark: Sendable {
  var info: BenchmarkInfo { get }
  /// Every rule, in rule-number order.
  var rules: [RuleMetadata] { get }
  var collectionPlan: CollectionPlan { get }
  /// The findings of every rule that targets `resource`; empty when no rule does. `context` is
  /// the cycle's cluster-wide context (empty for node resources and offline single objects).
  func evaluate(_ resource: Resource, context: ClusterContext) -> [RuleFinding]
}

extension Benchmark {
  /// The findings for `resource` in a cluster with no other objects.
  public func evaluate(_ resource: Resource) -> [RuleFinding] { evaluate(resource, context: ClusterContext()) }
}
