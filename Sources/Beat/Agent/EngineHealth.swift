import AgentControl
import Engine
import Output

/// What the running engine's event stream says about its health, as the two units report it.
struct EngineHealth: Sendable {
  /// The scheduler runs (the engine published `started`).
  var started = false
  /// Why the last cycle could not collect everything (a collector failed, AWS credentials were
  /// refused or expired); `nil` when it could.
  var collectionProblem: String?
  /// The output's last health.
  var output: OutputHealth = .starting
  /// The last cycles, newest last, for diagnostics.
  var recentCycles: [CycleReport] = []
  /// The output's last status, for diagnostics.
  var lastOutputStatus: OutputStatus?

  static let keptCycles = 5

  /// Takes in one engine event.
  mutating func take(_ event: EngineEvent) {
    switch event {
    case .started: started = true
    case .cycleFinished(let report):
      collectionProblem = report.collectionProblem
      recentCycles.append(report)
      if recentCycles.count > Self.keptCycles { recentCycles.removeFirst(recentCycles.count - Self.keptCycles) }
    case .output(let status):
      output = status.health
      lastOutputStatus = status
    case .cycleStarted, .leadership, .configuration, .stopped: break
    }
  }

  /// The input unit's state while the engine runs its configuration.
  var input: (UnitState, String) {
    guard started else { return (.configuring, "Configuring") }
    if let collectionProblem { return (.degraded, "Degraded: \(collectionProblem)") }
    return (.healthy, "Healthy")
  }

  /// The output unit's state while the engine ships to it.
  var outputUnit: (UnitState, String) {
    if case .degraded(let reason) = output { return (.degraded, "Degraded: output: \(reason)") }
    return (.healthy, "Healthy")
  }
}
