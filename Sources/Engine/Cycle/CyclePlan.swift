import KSPMCore

/// Where a cycle reads cluster objects.
public enum ClusterSource: Sendable, Equatable {
  /// Nowhere: node data only.
  case none
  /// An API server, through a kubeconfig file (`nil`: in-cluster, then `$KUBECONFIG`, then
  /// `~/.kube/config`) and context (`nil`: the current one).
  case api(kubeconfig: String?, context: String?)
  /// Manifest files and folders (offline scans of manifests or cluster dumps).
  case manifests([String])
}

/// Names and ids that replace what a cycle would otherwise discover.
public struct IdentityOverrides: Sendable, Equatable {
  /// `cluster_id` (else the `kube-system` namespace's uid).
  public var clusterID: String?
  /// `orchestrator.cluster.name` (else kubeadm's ClusterConfiguration).
  public var clusterName: String?
  /// This node's name (else `NODE_NAME`, the pod's node, the host name).
  public var nodeName: String?
  /// This node's uid (else the Node object's uid, the machine id).
  public var nodeUID: String?

  public init(clusterID: String? = nil, clusterName: String? = nil, nodeName: String? = nil, nodeUID: String? = nil) {
    self.clusterID = clusterID
    self.clusterName = clusterName
    self.nodeName = nodeName
    self.nodeUID = nodeUID
  }
}

/// Everything a cycle needs, resolved: the benchmark, where the cluster and the node are, who we
/// are. The cycle assembly turns it into collectors, a context and a pipeline; `scan`, `run` and
/// managed mode differ only in how they make one.
public struct CyclePlan: Sendable {
  public var benchmark: any Benchmark
  public var cluster: ClusterSource
  /// Where the node's file system is mounted (`/hostfs`, `/`); `nil`: the node is not read.
  public var hostRoot: String?
  public var identity: IdentityOverrides
  /// `data_stream.namespace` of the findings.
  public var dataStreamNamespace: String
  /// `agent.version`.
  public var agentVersion: String
  /// The process environment (node name, pod name, in-cluster access).
  public var environment: [String: String]
  /// How cloud resources are reached, for benchmarks that target them (`cis_eks`); `nil` there
  /// means the default credential chain, region and endpoints.
  public var aws: AWSAccessPlan?
  /// The Elastic Agent and package policy the documents name, when managed.
  public var fleet: FleetContext?
  /// Accepted failures (`kspmbeat.exceptions`, `scan --exceptions`).
  public var exceptions: ExceptionList

  public init(
    benchmark: any Benchmark, cluster: ClusterSource, hostRoot: String?, identity: IdentityOverrides = .init(),
    dataStreamNamespace: String = "default", agentVersion: String, environment: [String: String],
    aws: AWSAccessPlan? = nil, fleet: FleetContext? = nil, exceptions: ExceptionList = ExceptionList()
  ) {
    self.exceptions = exceptions
    self.aws = aws
    self.fleet = fleet
    self.benchmark = benchmark
    self.cluster = cluster
    self.hostRoot = hostRoot
    self.identity = identity
    self.dataStreamNamespace = dataStreamNamespace
    self.agentVersion = agentVersion
    self.environment = environment
  }

  /// The findings data stream.
  public var dataStream: String { CycleContext.dataStream(namespace: dataStreamNamespace) }
}

extension CyclePlan: Equatable {
  public static func == (a: CyclePlan, b: CyclePlan) -> Bool {
    a.benchmark.info == b.benchmark.info && a.benchmark.rules.map(\.id) == b.benchmark.rules.map(\.id)
      && a.cluster == b.cluster && a.hostRoot == b.hostRoot
      && a.identity == b.identity && a.dataStreamNamespace == b.dataStreamNamespace
      && a.agentVersion == b.agentVersion && a.environment == b.environment && a.aws == b.aws
      && a.fleet == b.fleet && a.exceptions == b.exceptions
  }
}
