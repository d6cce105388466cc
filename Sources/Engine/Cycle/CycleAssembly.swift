import Findings
import Foundation
import Host
import KSPMCore
import Kubernetes
import Logging
import Output

/// Turns a ``CyclePlan`` into cycles: the collectors the benchmark's rules call for, the cycle
/// context (cluster facts read once per cycle, node identity, agent), evaluation, encoding and
/// queueing. `scan` runs one cycle through it, `run` a scheduler of cycles, managed mode the same.
///
/// It owns its Kubernetes client (when the plan reads an API server): call ``shutdown()`` when done.
public final class CycleAssembly: Sendable {
  public let plan: CyclePlan
  /// The API client, when the plan reads an API server and it could be set up.
  public let client: KubernetesClient?
  /// This node's name.
  public let nodeName: String
  /// Where the node is read, when it is.
  public let hostRoot: HostRoot?
  /// `agent.ephemeral_id`: one per process run.
  public let ephemeralID: String
  private let machineID: String?
  /// Manifest sources, streams (standard input, FIFOs) copied so they can be read twice.
  private let manifests: ManifestSpool?
  /// The AWS side, when the benchmark targets cloud resources and it could be set up.
  public let aws: AWSSession?

  /// Sets up the plan's sources. A cluster that cannot be reached (no kubeconfig, a broken one) is
  /// reported to `diagnostics` and the cycles read the node only.
  public init(plan: CyclePlan, ephemeralID: String = NameBasedUUID.random(), diagnostics: any ScanDiagnostics) async {
    self.plan = plan
    self.ephemeralID = ephemeralID
    var client: KubernetesClient?
    if case .api(let kubeconfig, let context) = plan.cluster, plan.benchmark.collectionPlan.needsCluster {
      do {
        let configuration = try KubernetesClientConfiguration.automatic(
          kubeconfigPath: kubeconfig, context: context, environment: plan.environment)
        client = try KubernetesClient(configuration: configuration, logger: Logger(label: "kspmbeat.kubernetes"))
      } catch {
        diagnostics.warning(collector: "kube-api", subject: "cluster", message: "\(error)")
      }
    }
    self.client = client
    if case .manifests(let paths) = plan.cluster {
      manifests = await ManifestSpool.make(paths, limit: ManifestCollector.defaultMaxFileSize, diagnostics: diagnostics)
    } else {
      manifests = nil
    }
    var nodeName = plan.identity.nodeName ?? HostIdentity.nodeName(environment: plan.environment)
    if plan.identity.nodeName == nil, (plan.environment["NODE_NAME"] ?? "").isEmpty, let client,
      let pod = plan.environment["POD_NAME"], !pod.isEmpty, let name = await client.podNodeName(pod: pod)
    {
      nodeName = name
    }
    self.nodeName = nodeName
    hostRoot = plan.hostRoot.map { HostRoot($0) }
    machineID = hostRoot.flatMap { HostIdentity.machineID(underRoot: $0.path) }
    var aws: AWSSession?
    if !plan.benchmark.collectionPlan.cloudKinds.isEmpty {
      do {
        aws = try AWSSession(
          plan: plan.aws ?? AWSAccessPlan(), environment: plan.environment, hostRoot: plan.hostRoot,
          userAgent: "kspmbeat/\(plan.agentVersion)")
      } catch {
        diagnostics.warning(collector: "aws", subject: "AWS", message: error.description)
      }
    }
    self.aws = aws
  }

  /// `agent.id`: one per node, the same across restarts.
  public var agentID: String { NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "agent/\(nodeName)") }

  /// Whether cycles read cluster objects (an API server that could be set up, or manifests).
  public var readsCluster: Bool {
    switch plan.cluster {
    case .none: false
    case .api: client != nil
    case .manifests: true
    }
  }

  /// The collector of these Kubernetes kinds from the plan's cluster source, gated on `isLeader`.
  func kubernetesCollector(kinds: [KubernetesKind], isLeader: (@Sendable () -> Bool)?) -> (any ResourceCollector)? {
    guard !kinds.isEmpty else { return nil }
    var collector: any ResourceCollector
    switch plan.cluster {
    case .none: return nil
    case .api:
      guard let client else { return nil }
      collector = KubernetesCollector(client: client, kinds: kinds)
    case .manifests(let paths):
      collector = ManifestCollector(
        paths: manifests?.paths ?? paths, kinds: kinds, originals: manifests?.originals ?? [:])
    }
    if let isLeader { collector = LeaderGatedCollector(collector, isLeader: isLeader) }
    return collector
  }

  /// The collectors of a cycle, in a stable order: cluster objects, cloud resources, then the
  /// node's files and processes. A cluster-only trigger leaves the node out; `isLeader` (the
  /// daemon's Lease) gates the cluster and cloud collectors. `cloudAccess` is what the cycle
  /// resolved for AWS (``resolveCloudAccess(isLeader:)``).
  public func collectors(
    for trigger: CycleTrigger, isLeader: (@Sendable () -> Bool)? = nil,
    cloudAccess: Result<AWSCycleAccess, AWSAccessError>? = nil
  ) -> [any ResourceCollector] {
    let needs = plan.benchmark.collectionPlan
    var cluster: [any ResourceCollector] = []
    if let collector = kubernetesCollector(kinds: needs.kubernetesKinds, isLeader: isLeader) {
      cluster.append(collector)
    }
    if let collector = cloudCollector(kinds: needs.cloudKinds, isLeader: isLeader, access: cloudAccess) {
      cluster.append(collector)
    }
    guard !trigger.clusterOnly, let hostRoot, needs.needsNode else { return cluster }
    var node: [any ResourceCollector] = []
    if !needs.filePatterns.isEmpty {
      node.append(FileCollector(root: hostRoot, patterns: needs.filePatterns, conditions: needs.filePatternConditions))
    }
    if !needs.processes.isEmpty { node.append(ProcessCollector(root: hostRoot, processes: needs.processes)) }
    return cluster + node
  }

  /// The collector of the benchmark's cloud resources, gated on `isLeader`; `nil` when the
  /// benchmark targets none. Without a resolved `access` it resolves its own when it runs.
  func cloudCollector(
    kinds: [CloudResourceKind], isLeader: (@Sendable () -> Bool)?, access: Result<AWSCycleAccess, AWSAccessError>?
  ) -> (any ResourceCollector)? {
    guard !kinds.isEmpty, plan.cluster != .none else { return nil }
    guard let aws else {
      return FailingCollector(name: "aws", scope: .cluster, reason: "the AWS connection could not be set up")
    }
    var referenceKinds: [KubernetesKind] = []
    if kinds.contains(.ecrRepository) { referenceKinds.append(.pod) }
    if kinds.contains(.classicLoadBalancer) { referenceKinds.append(.service) }
    var references: (@Sendable () async throws -> CloudReferences)?
    if let source = kubernetesCollector(kinds: referenceKinds, isLeader: nil) {
      references = { try await CloudReferences.gather(from: source) }
    }
    var collector: any ResourceCollector = AWSResourceCollector(
      kinds: kinds,
      access: { () async throws(AWSAccessError) -> AWSCycleAccess in
        if let access { return try access.get() }
        return try await aws.access()
      }, references: references)
    if let isLeader { collector = LeaderGatedCollector(collector, isLeader: isLeader) }
    return collector
  }

  /// Resolves AWS access for one cycle (region, account, cluster name), once, so its documents
  /// carry `cloud.*` and its collector reuses it; `nil` when the benchmark reads no cloud
  /// resource or this process does not lead.
  public func resolveCloudAccess(isLeader: (@Sendable () -> Bool)? = nil) async -> Result<
    AWSCycleAccess, AWSAccessError
  >? {
    guard let aws, !plan.benchmark.collectionPlan.cloudKinds.isEmpty, plan.cluster != .none, isLeader?() ?? true
    else { return nil }
    do {
      return .success(try await aws.access())
    } catch {
      return .failure(error)
    }
  }

  /// What every finding of the cycle `sequence` shares: cluster facts (read now), node and agent.
  /// With `cloud` (the cycle's AWS access), documents carry `cloud.*` and the EKS cluster's name
  /// is the cluster name when nothing else names it.
  public func context(
    sequence: Int64, diagnostics: any ScanDiagnostics, cloud: AWSCycleAccess? = nil
  ) async -> CycleContext {
    var facts = ClusterFacts()
    if let client { facts = await ClusterFacts.read(client: client, nodeName: nodeName, diagnostics: diagnostics) }
    let overrides = plan.identity
    let nodeID =
      overrides.nodeUID ?? facts.nodeUID ?? machineID
      ?? NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "node/\(nodeName)")
    return CycleContext(
      sequence: sequence, clusterID: overrides.clusterID ?? facts.clusterID ?? "",
      clusterName: overrides.clusterName ?? cloud?.clusterName ?? facts.clusterName, clusterVersion: facts.version,
      nodeID: nodeID,
      host: HostIdentity.hostInfo(name: nodeName, machineID: machineID),
      agent: AgentInfo(
        id: agentID, name: nodeName, version: plan.agentVersion, ephemeralID: ephemeralID),
      dataStreamNamespace: plan.dataStreamNamespace, benchmark: plan.benchmark.info, cloud: cloud?.cloudContext,
      fleet: plan.fleet)
  }

  /// Runs one cycle into `queue` and reports it. Collectors that fail are reported and the others
  /// go on; a cancelled cycle stops at the next page. `observer` sees every resource's findings.
  public func run(
    trigger: CycleTrigger, sequence: Int64, queue: BoundedQueue<FindingDocument>, diagnostics: any ScanDiagnostics,
    isLeader: (@Sendable () -> Bool)? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
    observer: (any FindingObserver)? = nil
  ) async -> CycleReport {
    let startDate = Date()
    let clock = ContinuousClock()
    let started = clock.now
    let counting = CountingDiagnostics(diagnostics)
    let cloudAccess = await resolveCloudAccess(isLeader: isLeader)
    let context = await context(
      sequence: sequence, diagnostics: counting, cloud: try? cloudAccess?.get())
    let summary = PostureSummary()
    let stages = StageClock()
    let clusterContext = await readClusterContext(diagnostics: counting, isLeader: isLeader, stages: stages)
    let pipeline = CyclePipeline(
      benchmark: plan.benchmark, encoder: FindingEncoder(context: context, rules: plan.benchmark.rules),
      queue: queue, summary: summary, diagnostics: counting, progress: progress, stages: stages,
      clusterContext: clusterContext, exceptions: plan.exceptions, observer: observer)
    let outcomes = await pipeline.run(collectors(for: trigger, isLeader: isLeader, cloudAccess: cloudAccess))
    var report = CycleReport(
      sequence: sequence, context: context, trigger: trigger, duration: clock.now - started, outcomes: outcomes,
      summary: summary,
      stages: stages.totals)
    report.exceptions = ExceptionUse.of(plan.exceptions, summary: summary, at: startDate)
    return report
  }

  /// The cluster-wide context the benchmark's rules consult, read in full before any object that
  /// needs it is evaluated: from the API server (by the leader), or from every manifest file
  /// whatever the order of objects in them. Empty when no rule needs one or the cluster is not read.
  public func readClusterContext(
    diagnostics: CountingDiagnostics, isLeader: (@Sendable () -> Bool)? = nil, stages: StageClock = StageClock()
  ) async -> ClusterContext {
    let kinds = plan.benchmark.collectionPlan.contextKinds
    guard let collector = kubernetesCollector(kinds: kinds, isLeader: isLeader) else { return ClusterContext() }
    let clock = ContinuousClock()
    let started = clock.now
    defer { stages.add(.collect, clock.now - started) }
    let builder = LockedValue(ClusterContextBuilder())
    let warningsBefore = diagnostics.warnings(of: collector.name)
    do {
      try await collector.collect(diagnostics: diagnostics) { page in
        builder.withLock { b in for resource in page { if let object = resource.kubernetesObject { b.add(object) } } }
      }
    } catch {
      diagnostics.warning(
        collector: collector.name, subject: "cluster context",
        message: "ServiceAccounts and role bindings could not be read: \(error)")
      builder.withLock { $0.markIncomplete() }
    }
    if diagnostics.warnings(of: collector.name) > warningsBefore { builder.withLock { $0.markIncomplete() } }
    return builder.withLock { $0.result }
  }

  /// Releases the API client and removes copies of streamed manifests.
  public func shutdown() async {
    try? await client?.shutdown()
    await aws?.shutdown()
    manifests?.remove()
  }
}

extension CollectionPlan {
  /// Whether anything is read from the cluster (Kubernetes objects or cloud resources).
  public var needsCluster: Bool { !kubernetesKinds.isEmpty || !cloudKinds.isEmpty }
}
