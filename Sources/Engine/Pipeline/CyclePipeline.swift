import Findings
import Foundation
import KSPMCore
import Output
import Synchronization

/// How one collector fared in a cycle.
public struct CollectorOutcome: Sendable {
  public var name: String
  public var resources: Int
  public var findings: Int
  /// Problems with single items (an unreadable file, a kind the server refused) it reported.
  public var warnings: Int
  /// Why the collector could not run at all, if it could not.
  public var failure: String?

  public init(name: String, resources: Int, findings: Int, warnings: Int = 0, failure: String? = nil) {
    self.name = name
    self.resources = resources
    self.findings = findings
    self.warnings = warnings
    self.failure = failure
  }

  /// Warnings plus the failure, if any: the `errors` of the cycle's log line.
  public var errors: Int { warnings + (failure == nil ? 0 : 1) }
}

/// The evaluation half of a cycle: collectors → evaluator → encoder → bounded queue.
///
/// Collectors run concurrently and hand over a page at a time; each page is evaluated and encoded
/// and its documents are queued, waiting while the queue is full (backpressure). The consumer
/// side of the queue (a ``Publisher``) runs elsewhere. Time spent in each stage is measured
/// (``StageTimes``).
public struct CyclePipeline: Sendable {
  public let benchmark: any Benchmark
  public let encoder: FindingEncoder
  public let queue: BoundedQueue<FindingDocument>
  public let summary: PostureSummary
  public let diagnostics: CountingDiagnostics
  public let progress: (@Sendable (Int, Int) -> Void)?
  public let stages: StageClock
  /// What rules about one object know of the others (read before this pipeline runs).
  public let clusterContext: ClusterContext
  /// Accepted failures: a failed finding one covers is marked, counted apart and not scored.
  public let exceptions: ExceptionList
  /// Hands each resource's findings to whoever keeps them (the scan's report formats).
  public let observer: (any FindingObserver)?
  private let exceptionIndex: [String: [Int]]

  public init(
    benchmark: any Benchmark, encoder: FindingEncoder, queue: BoundedQueue<FindingDocument>,
    summary: PostureSummary, diagnostics: CountingDiagnostics, progress: (@Sendable (Int, Int) -> Void)? = nil,
    stages: StageClock = StageClock(), clusterContext: ClusterContext = ClusterContext(),
    exceptions: ExceptionList = ExceptionList(), observer: (any FindingObserver)? = nil
  ) {
    self.exceptions = exceptions
    self.observer = observer
    exceptionIndex = exceptions.isEmpty ? [:] : exceptions.index(for: benchmark.rules)
    self.clusterContext = clusterContext
    self.benchmark = benchmark
    self.encoder = encoder
    self.queue = queue
    self.summary = summary
    self.diagnostics = diagnostics
    self.progress = progress
    self.stages = stages
  }

  /// Runs every collector to the end (a failing one does not stop the others), in the given order
  /// of outcomes.
  public func run(_ collectors: [any ResourceCollector]) async -> [CollectorOutcome] {
    let counter = ResourceCounter()
    return await withTaskGroup(of: (Int, CollectorOutcome).self) { group in
      for (index, collector) in collectors.enumerated() {
        group.addTask { (index, await self.run(collector, counter: counter)) }
      }
      var outcomes: [(Int, CollectorOutcome)] = []
      for await outcome in group { outcomes.append(outcome) }
      return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  func run(_ collector: any ResourceCollector, counter: ResourceCounter) async -> CollectorOutcome {
    let seen = ResourceCounter()
    let clock = ContinuousClock()
    let started = clock.now
    let inEmit = Mutex<Duration>(.zero)
    var failure: String?
    do {
      try await collector.collect(diagnostics: diagnostics) { page in
        let emitStarted = clock.now
        defer { inEmit.withLock { $0 += clock.now - emitStarted } }
        let documents = try await self.process(page)
        seen.add(resources: page.count, findings: documents)
        let totals = counter.add(resources: page.count, findings: documents)
        self.progress?(totals.resources, totals.findings)
      }
    } catch is CancellationError {
      // The cycle was stopped (shutdown, a new configuration, a closed output): not the collector's fault.
      failure = "stopped before the end"
    } catch {
      let reason = String(describing: error)
      diagnostics.failure(collector: collector.name, message: reason)
      failure = reason
    }
    stages.add(.collect, clock.now - started - inEmit.withLock { $0 })
    return CollectorOutcome(
      name: collector.name, resources: seen.totals.resources, findings: seen.totals.findings,
      warnings: diagnostics.warnings(of: collector.name), failure: failure)
  }

  /// Evaluates and encodes one page and queues its documents; returns how many were queued.
  @discardableResult
  public func process(_ page: [Resource]) async throws -> Int {
    let clock = ContinuousClock()
    let now = Date()
    var count = 0
    var evaluating = Duration.zero
    var encoding = Duration.zero
    var queueing = Duration.zero
    summary.recordCollected(page)
    defer {
      stages.add(.evaluate, evaluating)
      stages.add(.encode, encoding)
      stages.add(.queue, queueing)
    }
    for resource in page {
      let t0 = clock.now
      var findings = benchmark.evaluate(resource, context: clusterContext)
      let t1 = clock.now
      evaluating += t1 - t0
      if !exceptionIndex.isEmpty {
        for lapsed in exceptions.apply(to: &findings, of: resource, at: now, index: exceptionIndex) {
          summary.recordLapsed(exception: lapsed)
        }
      }
      observer?.observe(resource, findings: findings, resourceID: encoder.resourceID(for: resource))
      if findings.contains(where: { $0.evaluation.result == .notEvaluated }) {
        // Kibana knows only passed and failed: no document, an entry in the report instead.
        for finding in findings where finding.evaluation.result == .notEvaluated {
          summary.recordNotEvaluated(
            rule: finding.rule, resource: PostureSummary.label(resource),
            reason: finding.evaluation.notEvaluatedReason ?? "unknown")
        }
        findings.removeAll { $0.evaluation.result == .notEvaluated }
      }
      if findings.isEmpty { continue }
      let documents = encoder.encode(resource: resource, findings: findings, timestamp: now)
      summary.record(findings, of: resource)
      let t2 = clock.now
      encoding += t2 - t1
      for document in documents {
        guard await queue.send(document) else { throw CancellationError() }
      }
      queueing += clock.now - t2
      count += documents.count
    }
    return count
  }
}

/// Running totals shared by concurrent collectors.
final class ResourceCounter: Sendable {
  private let state = Mutex<(resources: Int, findings: Int)>((0, 0))

  @discardableResult
  func add(resources: Int, findings: Int) -> (resources: Int, findings: Int) {
    state.withLock {
      $0.resources += resources
      $0.findings += findings
      return $0
    }
  }

  var totals: (resources: Int, findings: Int) { state.withLock { $0 } }
}
