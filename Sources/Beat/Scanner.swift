import Benchmarks
import Engine
import Foundation
import Host
import KSPMCore
import Logging
import Output

/// The result of one `kspmbeat scan`.
public struct ScanReport: Sendable {
  /// The cycle: per collector, counts per rule and section, time per stage.
  public var cycle: CycleReport
  public var benchmark: BenchmarkInfo
  /// Findings written (or, with `--ship`, stored).
  public var documents: Int
  /// 0 unless nothing at all could be scanned (1), shipping lost findings (3), or the scan fails
  /// its gate (``ScanGate/exitCode``).
  public var exitCode: Int32
  /// Every rule of the benchmark with its status (built once the cycle is over).
  public var coverage = Coverage(rules: [])
  /// Why the scan fails its gate (`--fail-on`, `--min-score`); empty when it passes.
  public var gateFailures: [String] = []
  /// What `--ship` delivered; `nil` without `--ship`.
  public var shipment: ShipmentReport?
  /// The cluster's name, else its id, when known.
  public var clusterLabel: String?
  /// The node's name, when the node was scanned.
  public var nodeLabel: String?
  /// The findings the report formats and the baseline comparison need (empty when neither is asked).
  public var findings: [FindingRecord] = []
  /// The comparison with `--baseline`, when one was given.
  public var diff: BaselineDiff?
  /// When the scan ran.
  public var date = Date()

  /// Each exception with what it did; empty without exceptions.
  public var exceptions: [ExceptionUse] { cycle.exceptions }

  public var outcomes: [CollectorOutcome] { cycle.outcomes }
  public var summary: PostureSummary { cycle.summary }
}

/// A usage or setup problem that stops a scan before it starts.
public struct ScanError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// The exit status it means: 2 (usage or setup) unless said otherwise.
  public var exitCode: Int32
  public init(_ description: String, exitCode: Int32 = 2) {
    self.description = description
    self.exitCode = exitCode
  }
}

/// Runs one benchmark cycle for a person at a terminal (`kspmbeat scan`): the options become a
/// ``CyclePlan``, and one cycle of the ``CycleAssembly`` runs into the chosen output.
public enum Scanner {
  public static let version = "0.1.0"

  public static func run(
    _ options: ScanOptions, diagnostics: any ScanDiagnostics,
    environment: [String: String] = ProcessInfo.processInfo
      .environment, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async throws -> ScanReport {
    guard let full = BenchmarkRegistry.named(options.benchmark) else {
      throw ScanError(BenchmarkRegistry.unknown(options.benchmark))
    }
    if let problem = full.problems(with: options.selection).first {
      throw ScanError("--\(problem.setting.rawValue): \(problem.message)")
    }
    let benchmark = full.selecting(options.selection)
    if let baseline = options.baseline, let other = baseline.benchmark, other != full.info.id {
      throw ScanError("baseline \(baseline.path): its findings are of \(other); this scan runs \(full.info.id)")
    }
    let diagnostics = RecordingDiagnostics(diagnostics)
    var options = options
    if let hostRoot = options.hostRoot, !options.demo {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: hostRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ScanError("--host-root \(hostRoot) is not a folder")
      }
    }
    var identity = IdentityOverrides(clusterID: options.clusterID, clusterName: options.clusterName)
    var demoFolder: URL?
    if options.demo {
      let demo = try DemoEnvironment.prepare()
      demoFolder = demo.folder
      options.manifests = [demo.manifests.path]
      options.hostRoot = demo.hostRoot.path
      identity.clusterID = identity.clusterID ?? DemoManifests.clusterID
      identity.clusterName = identity.clusterName ?? DemoManifests.clusterName
      identity.nodeName = DemoNode.nodeName
      identity.nodeUID = DemoEnvironment.nodeUID
    }
    defer { if let demoFolder { try? FileManager.default.removeItem(at: demoFolder) } }

    let cluster: ClusterSource =
      options.skipCluster
      ? .none
      : options.manifests.isEmpty
        ? .api(kubeconfig: options.kubeconfig, context: options.context)
        : .manifests(options.manifests)
    let scanNode = !options.skipNode && (options.manifests.isEmpty || options.hostRoot != nil)
    let plan = CyclePlan(
      benchmark: benchmark, cluster: cluster,
      hostRoot: scanNode ? (options.hostRoot ?? HostRoot.default().path) : nil,
      identity: identity, dataStreamNamespace: options.dataStreamNamespace, agentVersion: version,
      environment: environment, aws: options.aws.accessPlan, exceptions: options.exceptions)
    let assembly = await CycleAssembly(plan: plan, diagnostics: diagnostics)
    var ledger: FindingLedger?
    if options.format.keepsFindings || options.baseline != nil {
      ledger = FindingLedger(
        keep: options.format == .junit ? .all : .failed, watched: options.baseline.map { Set($0.failures.keys) } ?? [],
        nodeName: assembly.nodeName)
    }
    do {
      var report = try await scan(
        with: assembly, options: options, diagnostics: diagnostics, progress: progress, observer: ledger)
      await assembly.shutdown()
      report.coverage = CoverageBuilder(
        benchmark: benchmark, summary: report.summary, outcomes: report.outcomes, warnings: diagnostics.warnings,
        scope: coverageScope(options: options, assembly: assembly, warnings: diagnostics.warnings)
      ).build()
      report.findings = ledger?.all ?? []
      if let baseline = options.baseline {
        report.diff = compare(report, with: baseline)
      }
      report.gateFailures = options.gate.failures(
        summary: report.summary, coverage: report.coverage, diff: report.diff)
      if report.exitCode == 0, !report.gateFailures.isEmpty { report.exitCode = ScanGate.exitCode }
      return report
    } catch {
      await assembly.shutdown()
      throw error
    }
  }

  /// `report` compared with `baseline`: a baseline failure with no finding now is fixed when its
  /// rule was judged in this scan, else not compared.
  static func compare(_ report: ScanReport, with baseline: BaselineFindings) -> BaselineDiff {
    let rules = Dictionary(
      report.coverage.rules.compactMap { rule in rule.metadata.map { ($0.id, rule) } }, uniquingKeysWith: { a, _ in a })
    return BaselineDiff(
      baseline: baseline, records: report.findings,
      status: { id in
        guard let rule = rules[id] else { return (false, "its rule is not one of \(report.benchmark.id)") }
        switch rule.status {
        case .passed, .failed, .excepted, .notApplicable: return (true, nil)
        case .filteredOut, .notEvaluated, .manual:
          return (false, "rule \(rule.number) \(rule.status.title)" + (rule.reason.map { ": \($0)" } ?? ""))
        }
      })
  }

  static func scan(
    with assembly: CycleAssembly, options: ScanOptions, diagnostics: any ScanDiagnostics,
    progress: (@Sendable (Int, Int) -> Void)?, observer: (any FindingObserver)? = nil
  ) async throws -> ScanReport {
    let plan = assembly.plan
    let output: any FindingOutput
    let publisher: Publisher
    let sequence = Int64(Date().timeIntervalSince1970)
    let cycle: CycleReport
    var documents = 0
    var shipment: ShipmentReport?
    if let ship = options.ship {
      output = try OutputFactory.makeOutput(
        ship.config.output, index: plan.dataStream, userAgent: "kspmbeat/\(version)", logger: ship.logger)
      let queue = BoundedQueue<FindingDocument>(capacity: ship.config.queue.events)
      publisher = Publisher(
        queue: queue, output: output,
        batching: OutputFactory.batching(for: ship.config.output, queue: ship.config.queue),
        failurePolicy: .standardRetry)
      let shipped = await Self.ship(
        assembly: assembly, sequence: sequence, publisher: publisher, timeout: ship.timeout, diagnostics: diagnostics,
        progress: progress, observer: observer)
      cycle = shipped.cycle
      try? await output.close()
      var statistics = output.deliveryStatistics ?? DeliveryStatistics()
      if output.deliveryStatistics == nil {
        // Outputs that keep no counters (file, console) have written what the publisher handed them.
        statistics.accepted = shipped.written
        statistics.delivered = shipped.written
      }
      let produced = cycle.passed + cycle.failed
      let resolved = statistics.delivered + statistics.duplicates + statistics.dropped + statistics.deadLettered
      documents = statistics.delivered + statistics.duplicates
      shipment = ShipmentReport(
        statistics: statistics, undelivered: max(0, produced - resolved), timedOut: shipped.timedOut,
        timeout: ship.timeout)
    } else {
      if let path = options.output {
        output = try NDJSONOutput(path: path)
      } else {
        output = DiscardOutput()
      }
      let queue = BoundedQueue<FindingDocument>(capacity: 4096)
      publisher = Publisher(queue: queue, output: output)
      async let written = publisher.run()
      cycle = await assembly.run(
        trigger: .scan, sequence: sequence, queue: queue, diagnostics: diagnostics, progress: progress,
        observer: observer)
      queue.finish()
      do {
        documents = try await written
        try await output.close()
      } catch let error as OutputError where error.isBrokenPipe {
        throw ScanError("standard output was closed; the findings after that were not written", exitCode: 3)
      } catch {
        throw ScanError("writing findings failed: \(error)")
      }
    }

    let scanned = cycle.resources
    let anythingRan = cycle.outcomes.contains { $0.failure == nil }
    var exitCode: Int32 = (scanned == 0 && (!anythingRan || cycle.outcomes.isEmpty)) ? 1 : 0
    if exitCode == 0, let shipment, !shipment.complete { exitCode = 3 }
    let clusterID = cycle.context.clusterID
    return ScanReport(
      cycle: cycle, benchmark: plan.benchmark.info, documents: documents, exitCode: exitCode, shipment: shipment,
      clusterLabel: cycle.context.clusterName ?? (clusterID.isEmpty ? nil : clusterID),
      nodeLabel: plan.hostRoot == nil ? nil : assembly.nodeName)
  }

  /// What the scan read, for its coverage: why the node or the cluster was not read, if it was not.
  static func coverageScope(options: ScanOptions, assembly: CycleAssembly, warnings: [DiagnosticRecord])
    -> CoverageScope
  {
    var scope = CoverageScope()
    if assembly.plan.hostRoot == nil {
      scope.nodeNotRead =
        options.skipNode
        ? "the node's files and processes were not read (--skip-node)"
        : "the node's files and processes were not read (--manifests without --host-root)"
    }
    switch assembly.plan.cluster {
    case .none: scope.clusterNotRead = "cluster objects were not read (--skip-cluster)"
    case .manifests: scope.clusterName = "the manifests"
    case .api:
      if !assembly.readsCluster {
        let why = warnings.first { $0.collector == "kube-api" && $0.subject == "cluster" }?.message
        scope.clusterNotRead = "cluster objects were not read: " + (why ?? "no API server could be set up")
      }
    }
    return scope
  }

  /// Runs the cycle and the publisher until every finding is resolved or `timeout` passes; on
  /// timeout both are cancelled (the cycle stops at its next page, the publisher puts its batch back).
  static func ship(
    assembly: CycleAssembly, sequence: Int64, publisher: Publisher, timeout: Duration, diagnostics: any ScanDiagnostics,
    progress: (@Sendable (Int, Int) -> Void)?, observer: (any FindingObserver)?
  ) async -> (cycle: CycleReport, written: Int, timedOut: Bool) {
    enum Step: Sendable {
      case done(CycleReport, Int)
      case timedOut
    }
    let queue = publisher.queue
    return await withTaskGroup(of: Step?.self) { group in
      group.addTask {
        async let published = publisher.run()
        let cycle = await assembly.run(
          trigger: .scan, sequence: sequence, queue: queue, diagnostics: diagnostics, progress: progress,
          observer: observer)
        queue.finish()
        return .done(cycle, (try? await published) ?? 0)
      }
      group.addTask {
        do { try await Task.sleep(for: timeout) } catch { return nil }
        return .timedOut
      }
      var cycle: CycleReport?
      var written = 0
      var timedOut = false
      while let step = await group.next() {
        switch step {
        case .done(let report, let count)?:
          cycle = report
          written = count
          group.cancelAll()
        case .timedOut?:
          timedOut = true
          queue.finish()
          group.cancelAll()
        case nil: break
        }
      }
      return (cycle!, written, timedOut)
    }
  }
}
