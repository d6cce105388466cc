import Engine
import Output
import Synchronization

/// What the monitoring endpoint knows about the engine: what its events said (cycles, leadership,
/// the stop), folded in by ``apply(_:)``, and what the delivery and leadership say right now.
public final class EngineMonitor: Sendable {
  public let info: BeatInfo
  let delivery: Delivery
  let leadership: Leadership
  let started: ContinuousClock.Instant
  private let record = Mutex(MonitorRecord())

  public init(info: BeatInfo, delivery: Delivery, leadership: Leadership) {
    self.info = info
    self.delivery = delivery
    self.leadership = leadership
    started = .now
  }

  /// Folds one engine event into what the endpoint reports.
  public func apply(_ event: EngineEvent) {
    record.withLock { $0.apply(event) }
  }

  /// Everything the endpoint reports, as of now.
  public func snapshot() -> MonitorSnapshot {
    MonitorSnapshot(
      uptime: .now - started, record: record.withLock { $0 }, isLeader: leadership.isLeader,
      output: delivery.outputName, health: delivery.health, queued: delivery.queue.count,
      queueCapacity: delivery.queue.capacity, statistics: delivery.statistics)
  }
}

/// The last finished cycle, as `/stats` shows it.
public struct CycleSummary: Sendable, Equatable {
  public var sequence: Int64
  public var trigger: CycleTrigger
  public var duration: Duration
  public var resources: Int
  public var passed: Int
  public var failed: Int
  /// Warnings and failures of its collectors.
  public var errors: Int
  /// Collectors that could not run at all, with why (``CycleReport/collectionProblem``).
  public var collectionProblem: String?
  /// Resources each collector read, by collector name.
  public var collectorResources: [String: Int]

  init(_ report: CycleReport) {
    sequence = report.sequence
    trigger = report.trigger
    duration = report.duration
    resources = report.resources
    passed = report.passed
    failed = report.failed
    errors = report.outcomes.reduce(0) { $0 + $1.errors }
    collectionProblem = report.collectionProblem
    collectorResources = report.outcomes.reduce(into: [:]) { $0[$1.name, default: 0] += $1.resources }
  }
}

/// What the engine's events said so far.
public struct MonitorRecord: Sendable {
  /// `agent.id` of the findings, once the scheduler started.
  public var agentID: String?
  /// Cycles finished, and the findings they queued.
  public var cycles = 0
  public var findings = 0
  /// Findings of finished cycles by evaluation.
  public var passed = 0
  public var failed = 0
  /// The cycle in progress, if any.
  public var running: Int64?
  public var lastCycle: CycleSummary?
  /// The last leadership change (`nil`: none yet).
  public var leadership: LeadershipChange?
  /// The Lease campaigned for (`namespace/name`).
  public var lease: String?
  /// The engine published its stop: the process is shutting down.
  public var stopping = false

  mutating func apply(_ event: EngineEvent) {
    switch event {
    case .started(let start): agentID = start.agentID
    case .cycleStarted(let sequence, _): running = sequence
    case .cycleFinished(let report):
      cycles += 1
      findings += report.passed + report.failed
      passed += report.passed
      failed += report.failed
      lastCycle = CycleSummary(report)
      if running == report.sequence { running = nil }
    case .leadership(let change):
      if case .campaigning(let name, _) = change { lease = name }
      leadership = change
    case .stopped: stopping = true
    case .output, .configuration: break
    }
  }
}

/// The engine as the endpoint reports it at one moment.
public struct MonitorSnapshot: Sendable {
  public var uptime: Duration
  public var record: MonitorRecord
  public var isLeader: Bool
  /// The output in use (`elasticsearch`, `file`, `console`).
  public var output: String
  public var health: OutputHealth
  public var queued: Int
  public var queueCapacity: Int
  /// Counters of the output in use, for outputs that keep them (Elasticsearch).
  public var statistics: DeliveryStatistics?
}
