import KSPMCore
import Output

/// Something the engine did or saw, as its followers (logs, Agent unit states, metrics) read it.
public enum EngineEvent: Sendable {
  /// The engine runs: what it runs, for the first log line.
  case started(EngineStart)
  case cycleStarted(sequence: Int64, trigger: CycleTrigger)
  case cycleFinished(CycleReport)
  /// The output's state: after every cycle, and whenever its health changes.
  case output(OutputStatus)
  case leadership(LeadershipChange)
  case configuration(ConfigurationChange)
  /// The engine stopped: what was left undelivered.
  case stopped(EngineStop)
}

/// What a starting engine runs.
public struct EngineStart: Sendable {
  public var benchmark: String
  public var period: Duration
  public var node: String
  public var hostRoot: String?
  public var output: String
  /// `agent.id` of the findings (one per node).
  public var agentID: String?

  public init(
    benchmark: String, period: Duration, node: String, hostRoot: String?, output: String, agentID: String? = nil
  ) {
    self.benchmark = benchmark
    self.period = period
    self.node = node
    self.hostRoot = hostRoot
    self.output = output
    self.agentID = agentID
  }
}

/// How a stop went.
public struct EngineStop: Sendable {
  /// Findings neither written nor acknowledged when the flush deadline passed (0: all delivered).
  public var undelivered: Int
  /// Whether the flush finished before its deadline.
  public var flushed: Bool

  public init(undelivered: Int, flushed: Bool) {
    self.undelivered = undelivered
    self.flushed = flushed
  }
}

/// A change of who collects the cluster.
public enum LeadershipChange: Sendable, Equatable {
  /// Campaigning for this Lease as this identity.
  case campaigning(lease: String, identity: String)
  /// This process became the leader.
  case acquired
  /// This process is no longer the leader.
  case lost
  /// Another process leads.
  case observed(identity: String)
  /// No API access: this process is its own leader and reads what it can (the reason says why).
  case standalone(reason: String)
}

/// What happened to a configuration the engine was given.
public enum ConfigurationChange: Sendable, Equatable {
  /// A new configuration is in force; `restarted` names the parts that restarted for it
  /// (`output`, `leader election`, `cycles`, `schedule`, `monitoring`), empty when nothing changed.
  case applied(restarted: [String])
  /// A configuration was refused; the one in force stays.
  case rejected(reason: String)
}

/// The output's state for followers.
public struct OutputStatus: Sendable {
  /// Why this status is published.
  public enum Occasion: Sendable, Equatable {
    /// After a cycle: a summary of what the output did since the previous one.
    case cycle
    /// The output's health changed.
    case healthChange
  }

  public var occasion: Occasion
  /// `elasticsearch`, `file`, `console`.
  public var output: String
  public var health: OutputHealth
  /// Findings waiting in the queue.
  public var queued: Int
  /// Counters since the previous `.cycle` status (outputs that count: Elasticsearch).
  public var sinceLastCycle: DeliveryStatistics?
  /// Counters since the output started.
  public var total: DeliveryStatistics?

  public init(
    occasion: Occasion, output: String, health: OutputHealth, queued: Int, sinceLastCycle: DeliveryStatistics? = nil,
    total: DeliveryStatistics? = nil
  ) {
    self.occasion = occasion
    self.output = output
    self.health = health
    self.queued = queued
    self.sinceLastCycle = sinceLastCycle
    self.total = total
  }
}
