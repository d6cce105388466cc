/// The health rules the kubelet's probes read.
///
/// - Liveness (`/healthz`): alive while the engine runs: this endpoint answers from the same
///   process, and a service that fails stops the whole daemon. Not alive once the engine has
///   published its stop (the process is shutting down).
/// - Readiness (`/readyz`): ready once a cycle has finished and while the output is not degraded
///   (it can take findings). Not ready before the first cycle, while the output is degraded, and
///   while shutting down.
public enum Probes {
  /// Why the process is not alive, or `nil` when it is.
  public static func livenessProblem(_ snapshot: MonitorSnapshot) -> String? {
    snapshot.record.stopping ? "shutting down" : nil
  }

  /// Why the process is not ready, or `nil` when it is.
  public static func readinessProblem(_ snapshot: MonitorSnapshot) -> String? {
    if snapshot.record.stopping { return "shutting down" }
    if snapshot.record.lastCycle == nil { return "no cycle has finished yet" }
    if case .degraded(let reason) = snapshot.health { return "output \(snapshot.output) degraded: \(reason)" }
    return nil
  }
}
