import Findings
import Foundation
import Host
import KSPMCore
import Kubernetes
import Logging
import Output

/// One configuration's worth of the daemon: the Kubernetes client and leader elector, the queue
/// and its publisher, and the cycle scheduler. `run` returns when it is asked to stop or reload,
/// after stopping new cycles, flushing the queue within a deadline and releasing the Lease.
struct DaemonInstance: Sendable {
  let config: KSPMBeatConfig
  let logger: Logger
  let environment: [String: String]
  /// How long shutdown waits for queued findings to be written.
  var flushDeadline: Duration = .seconds(10)
  /// The first instance since the process started (a file output may rotate then, not on reloads).
  var isProcessStart = true
  /// Replaces the configured output (tests).
  var outputOverride: (@Sendable () -> any FindingOutput)?

  func run(nextRequest: () async -> DaemonRequest) async throws -> DaemonRequest {
    let logger = self.logger
    guard let benchmark = BenchmarkCatalog.named(config.benchmark.id) else {
      throw ScanError("benchmark \(config.benchmark.id) is not available in this build")
    }
    let dataStream = CycleContext.dataStream(namespace: config.dataStreamNamespace)
    let output =
      try outputOverride?()
      ?? OutputFactory.makeOutput(config.output, index: dataStream, logger: logger, processStart: isProcessStart)
    var nodeName = HostIdentity.nodeName(environment: environment)
    let hostRoot = config.hostRoot.map { HostRoot($0) } ?? HostRoot.default()

    var kubeClient: KubernetesClient?
    var leaderElector: LeaderElector?
    do {
      let clientConfiguration = try KubernetesClientConfiguration.automatic(
        kubeconfigPath: config.kubeConfig, environment: environment)
      let kube = try KubernetesClient(configuration: clientConfiguration, logger: logger)
      kubeClient = kube
      let settings = config.leaderElection
      let identity =
        settings.identity ?? Kubernetes.LeaderElectionConfig.cloudbeatIdentity(podName: environment["POD_NAME"])
      leaderElector = try LeaderElector(
        client: kube,
        config: Kubernetes.LeaderElectionConfig(
          leaseName: settings.leaseName, namespace: settings.namespace ?? clientConfiguration.namespace,
          identity: identity, leaseDuration: settings.leaseDuration, renewDeadline: settings.renewDeadline,
          retryPeriod: settings.retryPeriod),
        logger: logger)
      logger.info(
        "leader election",
        metadata: [
          "lease": "\(settings.namespace ?? clientConfiguration.namespace)/\(settings.leaseName)",
          "identity": "\(identity)",
        ])
    } catch {
      logger.warning(
        "no Kubernetes API access (\(error)): this process is its own leader and collects node data only")
    }

    let client = kubeClient
    let elector = leaderElector
    if (environment["NODE_NAME"] ?? "").isEmpty, let client, let pod = environment["POD_NAME"], !pod.isEmpty,
      let name = await Self.podNodeName(client: client, pod: pod)
    {
      nodeName = name
    }
    let node = nodeName
    let queue = BoundedQueue<FindingDocument>(capacity: config.queue.events)
    let publishing = OutputFactory.publisher(queue: queue, output: output, config: config)
    let publisher = Task {
      do {
        try await publishing.run()
      } catch is CancellationError {
      } catch {
        logger.error("the output failed: \(error)")
        throw error
      }
    }
    let reporter = OutputReporter(output: output)
    let electorTask = elector.map { e in Task { await e.run() } }
    let (wakeups, wakeupContinuation) = AsyncStream<CycleScheduler.Trigger>.makeStream()
    let eventsTask = elector.map { e in
      Task {
        for await event in e.events() {
          switch event {
          case .started:
            logger.info("became the cluster leader: starting a cluster cycle")
            wakeupContinuation.yield(.leadership)
          case .stopped: logger.info("no longer the cluster leader")
          case .newLeader(let identity): logger.info("cluster leader is \(identity)")
          }
        }
      }
    }

    let agentID = NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "agent/\(node)")
    let ephemeralID = NameBasedUUID.random()
    let machineID = HostIdentity.machineID(underRoot: hostRoot.path)
    let config = self.config
    let runner = CycleRunner(
      benchmark: benchmark, queue: queue, logger: logger,
      context: { sequence in
        var facts = ClusterFacts()
        if let client {
          facts = await ClusterFacts.read(client: client, nodeName: node, diagnostics: SilentDiagnostics())
        }
        let nodeID =
          facts.nodeUID ?? machineID
          ?? NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "node/\(node)")
        return CycleContext(
          sequence: sequence, clusterID: facts.clusterID ?? "", clusterName: facts.clusterName,
          clusterVersion: facts.version, nodeID: nodeID,
          host: HostIdentity.hostInfo(name: node, machineID: machineID),
          agent: AgentInfo(id: agentID, name: node, version: Scanner.version, ephemeralID: ephemeralID),
          dataStreamNamespace: config.dataStreamNamespace, benchmark: benchmark.info)
      },
      collectors: {
        var collectors: [any ResourceCollector] = []
        if let client {
          let isLeader: @Sendable () -> Bool = { elector?.isLeader ?? true }
          collectors.append(
            LeaderGatedCollector(
              KubernetesCollector(client: client, kinds: benchmark.collectionPlan.kubernetesKinds), isLeader: isLeader))
        }
        collectors.append(FileCollector(root: hostRoot, patterns: benchmark.collectionPlan.filePatterns))
        collectors.append(ProcessCollector(root: hostRoot, processes: benchmark.collectionPlan.processes))
        return collectors
      }, outputReporter: reporter)
    let scheduler = CycleScheduler(period: config.period, settleDelay: config.leaderElection.retryPeriod * 2)
    let cycles = Task {
      await scheduler.run(
        wakeups: wakeups,
        overrun: { elapsed in
          logger.warning(
            "cycle took longer than the period; the next one starts now",
            metadata: ["duration_ms": "\(Int(elapsed / .milliseconds(1)))", "period": "\(config.period)"])
        }
      ) { trigger, sequence in
        _ = await runner.run(trigger: trigger, sequence: sequence)
      }
    }
    logger.info(
      "kspmbeat started",
      metadata: [
        "benchmark": "\(benchmark.info.id)", "period": "\(config.period)", "node": "\(nodeName)",
        "host_root": "\(hostRoot.path)", "output": "\(config.output.name)",
      ])

    let request = await nextRequest()
    logger.info(request == .stop ? "stopping" : "reloading the configuration")
    cycles.cancel()
    // Finishing the queue first releases a cycle waiting for room (a stuck output), so stopping
    // never hangs; what was already queued is still written below.
    queue.finish()
    await cycles.value
    wakeupContinuation.finish()
    let flushed = await Self.withDeadline(flushDeadline) {
      // Giving up cancels the publisher itself, or waiting for it would never end.
      await withTaskCancellationHandler {
        try? await publisher.value
      } onCancel: {
        publisher.cancel()
      }
    }
    let undelivered = queue.count + (output.deliveryStatistics?.pending ?? 0)
    if flushed == nil {
      logger.error(
        "shutdown deadline passed: \(undelivered) findings were not delivered",
        metadata: ["queued": "\(queue.count)", "in_flight": "\(output.deliveryStatistics?.pending ?? 0)"])
    }
    reporter.log(to: logger, queued: queue.count)
    try? await output.close()
    if let elector { await elector.stop() }
    electorTask?.cancel()
    eventsTask?.cancel()
    if let client { try? await client.shutdown() }
    logger.info("stopped")
    return request
  }

  /// `spec.nodeName` of this pod (in the client's namespace), when the API says.
  static func podNodeName(client: KubernetesClient, pod: String) async -> String? {
    let namespace = client.configuration.namespace
    guard let response = try? await client.request(path: "/api/v1/namespaces/\(namespace)/pods/\(pod)") else {
      return nil
    }
    return response.body[path: "spec", "nodeName"]?.stringValue
  }

  /// `body`'s result, or `nil` when `deadline` passes first.
  static func withDeadline<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
      group.addTask { await body() }
      group.addTask {
        try? await Task.sleep(for: deadline)
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }
}
