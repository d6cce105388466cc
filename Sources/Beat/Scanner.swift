import Benchmarks
import Findings
import Foundation
import Host
import KSPMCore
import Kubernetes
import Logging
import Output
import Synchronization

/// The result of one `kspmbeat scan`.
public struct ScanReport: Sendable {
  public var outcomes: [CollectorOutcome]
  public var summary: PostureSummary
  public var documents: Int
  /// The rendered posture table, when the table format was asked for.
  public var table: String?
  /// 0 unless nothing at all could be scanned (1), or shipping lost findings (3).
  public var exitCode: Int32
  /// What `--ship` delivered; `nil` without `--ship`.
  public var shipment: ShipmentReport?
}

/// The outcome of `scan --ship`.
public struct ShipmentReport: Sendable {
  /// The output's counters when the scan ended.
  public var statistics: DeliveryStatistics
  /// Findings neither acknowledged nor dropped when the ship timeout passed.
  public var undelivered: Int
  public var timedOut: Bool
  public var timeout: Duration
  /// Every finding is stored (or was already).
  public var complete: Bool { undelivered == 0 && statistics.dropped == 0 && statistics.deadLettered == 0 }
}

/// A usage or setup problem that stops a scan before it starts.
public struct ScanError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Runs one benchmark cycle for a person at a terminal (`kspmbeat scan`).
public enum Scanner {
  public static let version = "0.1.0"

  public static func run(_ options: ScanOptions, diagnostics: ConsoleDiagnostics) async throws -> ScanReport {
    var options = options
    guard let benchmark = BenchmarkCatalog.named(options.benchmark) else {
      throw ScanError(
        "unknown or unavailable benchmark '\(options.benchmark)' (available: \(BenchmarkCatalog.available.joined(separator: ", ")))"
      )
    }
    if let hostRoot = options.hostRoot, !options.demo {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: hostRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ScanError("--host-root \(hostRoot) is not a folder")
      }
    }
    var demoFolder: URL?
    var clusterID = ""
    var clusterName: String?
    var clusterVersion: String?
    var nodeName = HostIdentity.nodeName()
    var nodeUID: String?
    if options.demo {
      let demo = try DemoEnvironment.prepare()
      demoFolder = demo.folder
      options.manifests = [demo.manifests.path]
      options.hostRoot = demo.hostRoot.path
      clusterID = DemoManifests.clusterID
      clusterName = DemoManifests.clusterName
      nodeName = DemoNode.nodeName
      nodeUID = DemoEnvironment.nodeUID
    }
    defer { if let demoFolder { try? FileManager.default.removeItem(at: demoFolder) } }

    let plan = benchmark.collectionPlan
    var collectors: [any ResourceCollector] = []
    var client: KubernetesClient?
    if !options.skipCluster {
      if !options.manifests.isEmpty {
        collectors.append(ManifestCollector(paths: options.manifests, kinds: plan.kubernetesKinds))
      } else {
        do {
          let configuration = try KubernetesClientConfiguration.automatic(
            kubeconfigPath: options.kubeconfig, context: options.context)
          let kube = try KubernetesClient(configuration: configuration, logger: Logger(label: "kspmbeat.kubernetes"))
          client = kube
          let facts = await ClusterFacts.read(client: kube, nodeName: nodeName, diagnostics: diagnostics)
          clusterID = facts.clusterID ?? ""
          clusterVersion = facts.version
          nodeUID = facts.nodeUID
          clusterName = facts.clusterName
          collectors.append(KubernetesCollector(client: kube, kinds: plan.kubernetesKinds))
        } catch {
          diagnostics.warning(collector: "kube-api", subject: "cluster", message: "\(error)")
        }
      }
    }
    if let id = options.clusterID { clusterID = id }
    if let name = options.clusterName { clusterName = name }
    let scanNode = !options.skipNode && (options.manifests.isEmpty || options.hostRoot != nil || options.demo)
    let hostRoot = options.hostRoot.map { HostRoot($0) } ?? HostRoot.default()
    if scanNode {
      collectors.append(FileCollector(root: hostRoot, patterns: plan.filePatterns))
      collectors.append(ProcessCollector(root: hostRoot, processes: plan.processes))
    }
    defer { if let client { Task { try? await client.shutdown() } } }

    let machineID = HostIdentity.machineID(underRoot: hostRoot.path)
    let nodeID =
      nodeUID ?? machineID ?? NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "node/\(nodeName)")
    let context = CycleContext(
      sequence: Int64(Date().timeIntervalSince1970), clusterID: clusterID, clusterName: clusterName,
      clusterVersion: clusterVersion, nodeID: nodeID,
      host: HostIdentity.hostInfo(name: nodeName, machineID: machineID),
      agent: AgentInfo(
        id: NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "agent/\(nodeName)"),
        name: nodeName, version: version, ephemeralID: NameBasedUUID.random()),
      dataStreamNamespace: options.dataStreamNamespace, benchmark: benchmark.info)

    let output: any FindingOutput
    var queueCapacity = 4096
    if let ship = options.ship {
      output = try OutputFactory.makeOutput(ship.config.output, index: context.dataStream, logger: ship.logger)
      queueCapacity = ship.config.queue.events
    } else if let path = options.output {
      output = try NDJSONOutput(path: path)
    } else {
      output = DiscardOutput()
    }
    let queue = BoundedQueue<FindingDocument>(capacity: queueCapacity)
    let summary = PostureSummary()
    let progress: ProgressLine? = options.showProgress ? ProgressLine() : nil
    var onProgress: (@Sendable (Int, Int) -> Void)?
    if let progress { onProgress = { progress.update($0, $1) } }
    let pipeline = ScanPipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: context, rules: benchmark.rules), queue: queue,
      summary: summary, diagnostics: diagnostics, progress: onProgress)
    let publisher: Publisher
    if let ship = options.ship {
      publisher = OutputFactory.publisher(queue: queue, output: output, config: ship.config)
    } else {
      publisher = Publisher(queue: queue, output: output)
    }
    let outcomes: [CollectorOutcome]
    var documents = 0
    var shipment: ShipmentReport?
    if let ship = options.ship {
      let shipped = await Self.ship(
        pipeline: pipeline, collectors: collectors, publisher: publisher, timeout: ship.timeout)
      outcomes = shipped.outcomes
      try? await output.close()
      progress?.finish()
      let statistics = output.deliveryStatistics ?? DeliveryStatistics()
      let produced = summary.passed + summary.failed
      let resolved = statistics.delivered + statistics.duplicates + statistics.dropped + statistics.deadLettered
      documents = statistics.delivered + statistics.duplicates
      shipment = ShipmentReport(
        statistics: statistics, undelivered: max(0, produced - resolved), timedOut: shipped.timedOut,
        timeout: ship.timeout)
      if let failure = shipped.failure { throw ScanError("shipping findings failed: \(failure)") }
    } else {
      async let written = publisher.run()
      outcomes = await pipeline.run(collectors)
      queue.finish()
      do {
        documents = try await written
        try await output.close()
      } catch {
        progress?.finish()
        throw ScanError("writing findings failed: \(error)")
      }
      progress?.finish()
    }

    let scanned = outcomes.reduce(0) { $0 + $1.resources }
    let anythingRan = outcomes.contains { $0.failure == nil }
    var exitCode: Int32 = (scanned == 0 && (!anythingRan || collectors.isEmpty)) ? 1 : 0
    if exitCode == 0, let shipment, !shipment.complete { exitCode = 3 }
    var table: String?
    if options.format == .table {
      table = TableReport(
        benchmark: benchmark.info, clusterLabel: clusterName ?? (clusterID.isEmpty ? nil : clusterID),
        nodeLabel: scanNode ? nodeName : nil, useColor: options.useColor
      ).render(summary, outcomes: outcomes)
    }
    return ScanReport(
      outcomes: outcomes, summary: summary, documents: documents, table: table, exitCode: exitCode,
      shipment: shipment)
  }

  /// Runs the pipeline and the publisher until every finding is resolved or `timeout` passes; on
  /// timeout both are cancelled (the queue is finished, so the collectors stop waiting for room).
  static func ship(
    pipeline: ScanPipeline, collectors: [any ResourceCollector], publisher: Publisher, timeout: Duration
  ) async -> (outcomes: [CollectorOutcome], timedOut: Bool, failure: (any Error)?) {
    let queue = publisher.queue
    let work = Task { () -> ([CollectorOutcome], (any Error)?) in
      async let published: Int = publisher.run()
      let outcomes = await pipeline.run(collectors)
      queue.finish()
      do {
        _ = try await published
        return (outcomes, nil)
      } catch {
        return (outcomes, error is CancellationError ? nil : error)
      }
    }
    let fired = Atomic(false)
    let timer = Task {
      try await Task.sleep(for: timeout)
      fired.store(true, ordering: .sequentiallyConsistent)
      queue.finish()
      work.cancel()
    }
    let (outcomes, failure) = await work.value
    timer.cancel()
    return (outcomes, fired.load(ordering: .sequentiallyConsistent), failure)
  }
}
