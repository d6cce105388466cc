import Benchmarks
import Engine
import Host
import KSPMCore
import Monitoring
import Output

/// How a configuration becomes the settings each engine service follows. A service restarts only
/// when its own slice changes.
public enum EngineSettings {
  /// The delivery service's slice: output, queue, data stream.
  public static func output(_ config: KSPMBeatConfig) -> OutputSettings {
    OutputSettings(
      output: config.output, queue: config.queue, index: CycleContext.dataStream(namespace: config.dataStreamNamespace))
  }

  /// The leader election service's slice: API access and Lease.
  public static func election(_ config: KSPMBeatConfig, environment: [String: String]) -> ElectionSettings {
    ElectionSettings(kubeconfig: config.kubeConfig, leaderElection: config.leaderElection, environment: environment)
  }

  /// The scheduler's plan: benchmark, cluster, node, data stream.
  public static func plan(_ config: KSPMBeatConfig, environment: [String: String]) -> CyclePlan {
    // Reading the configuration refused ids the registry does not have.
    // Reading the configuration checked the selection against the benchmark.
    let benchmark = (BenchmarkRegistry.named(config.benchmark) ?? BenchmarkRegistry.all[0]).selecting(config.selection)
    return CyclePlan(
      benchmark: benchmark, cluster: .api(kubeconfig: config.kubeConfig, context: nil),
      hostRoot: config.hostRoot ?? HostRoot.default().path, dataStreamNamespace: config.dataStreamNamespace,
      agentVersion: Scanner.version, environment: environment, aws: config.aws.accessPlan,
      fleet: config.fleet, exceptions: config.exceptions)
  }

  /// The monitoring endpoint's slice: `http.*`.
  public static func monitoring(_ config: KSPMBeatConfig) -> MonitoringSettings { config.http }

  /// The parts of the engine a change from `old` to `new` restarts (or re-times, for the schedule).
  public static func restarted(from old: KSPMBeatConfig, to new: KSPMBeatConfig, environment: [String: String])
    -> [String]
  {
    var parts: [String] = []
    if output(old) != output(new) { parts.append("output") }
    if election(old, environment: environment) != election(new, environment: environment) {
      parts.append("leader election")
    }
    if plan(old, environment: environment) != plan(new, environment: environment) { parts.append("cycles") }
    if old.period != new.period { parts.append("schedule") }
    if monitoring(old) != monitoring(new) { parts.append("monitoring") }
    return parts
  }
}
