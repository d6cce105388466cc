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
  /// Why the collector could not run at all, if it could not.
  public var failure: String?
}

/// One benchmark cycle: collectors → evaluator → encoder → bounded queue.
///
/// Collectors run concurrently and hand over a page at a time; each page is evaluated and encoded
/// and its documents are queued, waiting while the queue is full (backpressure). The consumer
/// side of the queue (a ``Publisher``) is run by the caller.
public struct ScanPipeline: Sendable {
  public let benchmark: any Benchmark
  public let encoder: FindingEncoder
  public let queue: BoundedQueue<FindingDocument>
  public let summary: PostureSummary
  public let diagnostics: any ScanDiagnostics
  public let progress: (@Sendable (Int, Int) -> Void)?

  public init(
    benchmark: any Benchmark, encoder: FindingEncoder, queue: BoundedQueue<FindingDocument>,
    summary: PostureSummary, diagnostics: any ScanDiagnostics, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) {
    self.benchmark = benchmark
    self.encoder = encoder
    self.queue = queue
    self.summary = summary
    self.diagnostics = diagnostics
    self.progress = progress
  }

  /// Runs every collector to the end (a failing one does not stop the others).
  public func run(_ collectors: [any ResourceCollector]) async -> [CollectorOutcome] {
    let counter = ResourceCounter()
    return await withTaskGroup(of: CollectorOutcome.self) { group in
      for collector in collectors {
        group.addTask { await self.run(collector, counter: counter) }
      }
      var outcomes: [CollectorOutcome] = []
      for await outcome in group { outcomes.append(outcome) }
      let order = collectors.map(\.name)
      return outcomes.sorted { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
    }
  }

  func run(_ collector: any ResourceCollector, counter: ResourceCounter) async -> CollectorOutcome {
    let seen = ResourceCounter()
    do {
      try await collector.collect(diagnostics: diagnostics) { page in
        let documents = try await self.process(page)
        seen.add(resources: page.count, findings: documents)
        let totals = counter.add(resources: page.count, findings: documents)
        self.progress?(totals.resources, totals.findings)
      }
      return CollectorOutcome(
        name: collector.name, resources: seen.totals.resources, findings: seen.totals.findings, failure: nil)
    } catch {
      let reason = String(describing: error)
      diagnostics.warning(collector: collector.name, subject: collector.name, message: reason)
      return CollectorOutcome(
        name: collector.name, resources: seen.totals.resources, findings: seen.totals.findings, failure: reason)
    }
  }

  /// Evaluates and encodes one page and queues its documents; returns how many were queued.
  @discardableResult
  public func process(_ page: [Resource]) async throws -> Int {
    let now = Date()
    var count = 0
    for resource in page {
      let findings = benchmark.evaluate(resource)
      if findings.isEmpty { continue }
      let documents = encoder.encode(resource: resource, findings: findings, timestamp: now)
      summary.record(documents)
      for document in documents {
        guard await queue.send(document) else { throw CancellationError() }
      }
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
