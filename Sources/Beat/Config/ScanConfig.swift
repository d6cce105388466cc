import Benchmarks
import Engine
import Foundation
import KSPMCore
import Kubernetes
import YAMLValue

/// The `kspmbeat.*` part of the configuration: what to scan and how, without the output. `run`
/// reads it inside ``KSPMBeatConfig``; `scan -c FILE -E key=value` reads it alone (an output
/// section, when present, is not read: a scan without `--ship` writes locally).
public struct ScanConfig: Sendable, Equatable {
  /// Time between the starts of two cycles (`kspmbeat.period`, > 0). Default 4 h.
  public var period: Duration
  /// `kspmbeat.config.v1.benchmark`: an id of ``BenchmarkRegistry``. Default `cis_k8s`.
  public var benchmark: String
  /// `kspmbeat.config.v1.aws`; empty when not set.
  public var aws: AWSConfig
  /// `kspmbeat.kube_config` (`~` expanded); `nil`: in-cluster access.
  public var kubeConfig: String?
  /// `kspmbeat.host_root`; `nil`: the caller picks `/hostfs` when it exists, else `/`.
  public var hostRoot: String?
  /// `kspmbeat.leader_election`.
  public var leaderElection: LeaderElectionConfig
  /// `kspmbeat.data_stream.namespace`: findings go to `logs-cloud_security_posture.findings-<namespace>`.
  /// Default `default`.
  public var dataStreamNamespace: String
  /// `kspmbeat.rules`, `.skip`, `.sections`, `.profile`, `.target`: which rules are evaluated.
  /// Default: every rule.
  public var selection: RuleSelection
  /// `kspmbeat.exceptions`: accepted failures, each with a reason, an owner and maybe an expiry.
  public var exceptions: ExceptionList

  public init(
    period: Duration = KSPMBeatConfig.defaultPeriod, benchmark: String = KSPMBeatConfig.defaultBenchmark,
    aws: AWSConfig = AWSConfig(), kubeConfig: String? = nil, hostRoot: String? = nil,
    leaderElection: LeaderElectionConfig = LeaderElectionConfig(),
    dataStreamNamespace: String = DataStreamNamespace.defaultValue, selection: RuleSelection = RuleSelection(),
    exceptions: ExceptionList = ExceptionList()
  ) {
    self.exceptions = exceptions
    self.selection = selection
    self.period = period
    self.benchmark = benchmark
    self.aws = aws
    self.kubeConfig = kubeConfig
    self.hostRoot = hostRoot
    self.leaderElection = leaderElection
    self.dataStreamNamespace = dataStreamNamespace
  }

  /// Every secret value (AWS secret key and session token), for log redaction.
  public var secretValues: [String] { aws.secretValues }
}

extension ScanConfig {
  /// Reads `file` (`nil` for none) and the `-E` `overrides` as ``KSPMBeatConfig/load(file:overrides:environment:)``
  /// does, keeping the `kspmbeat.*` settings only; `output`, `queue` and `http` are accepted and
  /// not read.
  public static func load(
    file: String?, overrides: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigError) -> (config: ScanConfig, warnings: [String]) {
    try KSPMBeatConfig.loadTree(file: file, overrides: overrides, environment: environment) {
      root throws(ConfigError) in
      root.warnUnknown(KSPMBeatConfig.topLevelKeys)
      return try read(root)
    }
  }

  /// Reads the `kspmbeat` section of a normalized tree.
  static func read(_ root: ConfigSection) throws(ConfigError) -> ScanConfig {
    let beat =
      try root.section("kspmbeat") ?? ConfigSection(path: "kspmbeat", object: JSONObject(), context: root.context)
    beat.warnUnknown(KSPMBeatConfig.beatKeys)
    return try read(beat: beat)
  }

  /// Reads the settings of a `kspmbeat` section, or of a section shaped like one (an Elastic Agent
  /// stream); the caller warns about its unknown keys. `defaultBenchmark` applies when
  /// `config.v1.benchmark` is not set.
  static func read(beat: ConfigSection, defaultBenchmark: String = KSPMBeatConfig.defaultBenchmark)
    throws(ConfigError) -> ScanConfig
  {
    let period = try beat.duration("period") ?? KSPMBeatConfig.defaultPeriod
    guard period > .zero else { throw beat.error("period", "must be greater than 0") }
    let config = try beat.section("config")
    config?.warnUnknown(["v1"])
    let v1 = try config?.section("v1")
    v1?.warnUnknown(KSPMBeatConfig.v1Keys)
    let benchmark = try KSPMBeatConfig.readBenchmark(v1, default: defaultBenchmark)
    return ScanConfig(
      period: period,
      benchmark: benchmark,
      aws: try AWSConfig.read(v1?.section("aws")),
      kubeConfig: try beat.path("kube_config"),
      hostRoot: try beat.path("host_root"),
      leaderElection: try LeaderElectionConfig.read(beat.section("leader_election")),
      dataStreamNamespace: try DataStreamNamespace.read(beat.section("data_stream")),
      selection: try RuleSelection.read(beat, benchmark: benchmark),
      exceptions: try ExceptionList.read(beat, key: "exceptions", benchmark: benchmark))
  }
}

extension AWSConfig {
  /// The AWS secret key and session token, when set.
  public var secretValues: [String] {
    [credentials.secretAccessKey?.value, credentials.sessionToken?.value].compactMap { $0 }
  }
}
