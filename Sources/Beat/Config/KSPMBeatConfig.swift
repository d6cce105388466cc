import Benchmarks
import KSPMCore
import Kubernetes
import Monitoring
import Output

/// The configuration of `kspmbeat run` (and `scan --ship`): a beats-style `kspmbeat.yml` plus
/// `-E key=value` overrides. Load it with ``load(file:overrides:environment:)``.
///
/// ```yaml
/// kspmbeat:
///   period: 4h
///   config.v1.benchmark: cis_k8s
///   leader_election.identity: ${POD_NAME:}
/// output.elasticsearch: {hosts: ["https://es:9200"], api_key: "id:key"}
/// ```
///
/// Keys (defaults in brackets; every section is also accepted with dotted keys):
/// - `kspmbeat.period` [4h]; `kspmbeat.config.v1.benchmark` [cis_k8s] (`cis_eks`);
///   `kspmbeat.config.v1.aws.{credentials.*, region, endpoint, cluster_name}` (see ``AWSConfig``);
///   `kspmbeat.kube_config` [in-cluster];
///   `kspmbeat.host_root` [caller: /hostfs or /]; `kspmbeat.data_stream.namespace` [default];
///   `kspmbeat.leader_election.{lease_name, namespace, identity, lease_duration, renew_deadline, retry_period}`;
///   `kspmbeat.{rules, skip, sections, profile, target}` [every rule] (see ``RuleSelection``);
///   `kspmbeat.exceptions` [none] (see ``ExceptionList``).
/// - exactly one of `output.elasticsearch` (see ``ElasticsearchOutputConfig``), `output.file`
///   (``FileOutputConfig``), `output.console: {}` (NDJSON on standard output); `enabled: false` skips one.
/// - `queue.mem.{events, flush.min_events, flush.timeout}` at the top level or inside the output.
/// - `http.{enabled [false], host [localhost; or unix:///path/to.sock], port [5066]}`: the
///   monitoring endpoint (see ``MonitoringSettings``).
/// - `management.{enabled, restart_on_output_change}` (see ``ManagementConfig``): with
///   `management.enabled: true` no output section is needed (Elastic Agent's output unit supplies it).
/// - `logging.level` [info] (error, warning, info, debug); `path.data`.
/// - Fleet's `config.v1.{type, deployment, posture}`, and the settings Elastic Agent passes that
///   mean nothing here (`setup.*`, `gc_percent`, libbeat's other `logging.*`, `http.pprof.*`,
///   `http.buffer.*`), are accepted and ignored; any other key warns.
///
/// Durations are Go/beats durations (`300ms`, `1h30m`) or bare seconds. Strings expand `${VAR}`,
/// `${VAR:default}` and `$$`. Descriptions never show secrets (passwords, API keys, tokens, inline
/// private keys).
@dynamicMemberLookup
public struct KSPMBeatConfig: Sendable, Equatable {
  /// The `kspmbeat.*` settings (period, benchmark, AWS, cluster and node access, leader election,
  /// data stream); read through this value too: `config.period`, `config.aws`.
  public var scanConfig: ScanConfig
  /// The one enabled output.
  public var output: OutputConfig
  /// The queue between the pipeline and the output (`queue.mem`, top level or inside the output).
  public var queue: MemoryQueueConfig
  /// The monitoring endpoint (`http.*`); disabled by default.
  public var http: MonitoringSettings
  /// `management.*`: whether Elastic Agent manages the process.
  public var management: ManagementConfig
  /// `logging.*`: the log level.
  public var logging: LoggingConfig
  /// `path.*`: the data folder.
  public var path: PathConfig
  /// Under Elastic Agent: the agent and package policy the documents name (from the units, never
  /// from a file).
  public var fleet: FleetContext?

  public static let defaultPeriod: Duration = .seconds(4 * 3600)
  public static let defaultBenchmark = "cis_k8s"

  public init(
    period: Duration = defaultPeriod, benchmark: String = defaultBenchmark,
    aws: AWSConfig = AWSConfig(), kubeConfig: String? = nil, hostRoot: String? = nil,
    leaderElection: LeaderElectionConfig = LeaderElectionConfig(),
    dataStreamNamespace: String = DataStreamNamespace.defaultValue, output: OutputConfig,
    queue: MemoryQueueConfig = MemoryQueueConfig(), http: MonitoringSettings = MonitoringSettings(),
    management: ManagementConfig = ManagementConfig(), logging: LoggingConfig = LoggingConfig(),
    path: PathConfig = PathConfig()
  ) {
    self.init(
      scanConfig: ScanConfig(
        period: period, benchmark: benchmark, aws: aws, kubeConfig: kubeConfig, hostRoot: hostRoot,
        leaderElection: leaderElection, dataStreamNamespace: dataStreamNamespace),
      output: output, queue: queue, http: http, management: management, logging: logging, path: path)
  }

  public init(
    scanConfig: ScanConfig, output: OutputConfig, queue: MemoryQueueConfig = MemoryQueueConfig(),
    http: MonitoringSettings = MonitoringSettings(), management: ManagementConfig = ManagementConfig(),
    logging: LoggingConfig = LoggingConfig(), path: PathConfig = PathConfig()
  ) {
    self.scanConfig = scanConfig
    self.output = output
    self.queue = queue
    self.http = http
    self.management = management
    self.logging = logging
    self.path = path
  }

  /// A `kspmbeat.*` setting: `config.period`, `config.leaderElection`.
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ScanConfig, Value>) -> Value {
    get { scanConfig[keyPath: keyPath] }
    set { scanConfig[keyPath: keyPath] = newValue }
  }
}

extension KSPMBeatConfig {
  static let topLevelKeys = Set(["kspmbeat", "output", "queue", "http", "management", "logging", "path"])
    .union(ignoredTopLevelKeys)
  /// Top-level settings Elastic Agent passes (`-E`) that have no meaning for kspmbeat: accepted,
  /// not read, no warning.
  static let ignoredTopLevelKeys: Set<String> = ["setup", "gc_percent"]
  static let beatKeys: Set<String> = Set([
    "period", "config", "kube_config", "host_root", "leader_election", "data_stream", "exceptions",
  ]).union(RuleSelection.configKeys)
  /// `config.v1` keys Fleet sends that kspmbeat reads (benchmark, aws) or accepts and ignores.
  static let v1Keys: Set<String> = ["benchmark", "aws", "type", "deployment", "posture"]

  /// Builds the model from a normalized tree (dotted keys already split).
  static func read(_ root: ConfigSection) throws(ConfigError) -> KSPMBeatConfig {
    root.warnUnknown(topLevelKeys)
    let beat = try ScanConfig.read(root)
    let management = try ManagementConfig.read(root.section("management"))
    let outputRoot = try root.section("output")
    var output = OutputConfig.elasticAgent
    var queue = MemoryQueueConfig()
    if outputRoot != nil || !management.enabled {
      let (chosen, outputSection) = try OutputConfig.read(outputRoot, context: root.context)
      output = chosen
      queue = try readQueue(root: root, output: outputSection, outputConfig: output)
    } else {
      queue = try MemoryQueueConfig.read(root.section("queue"), defaults: queue)
    }
    return KSPMBeatConfig(
      scanConfig: beat, output: output, queue: queue, http: try MonitoringSettings.read(root.section("http")),
      management: management, logging: try LoggingConfig.read(root.section("logging")),
      path: try PathConfig.read(root.section("path")))
  }

  /// `config.v1.benchmark`: an id the registry knows, else an error naming the ids that exist.
  static func readBenchmark(_ v1: ConfigSection?, default fallback: String = defaultBenchmark) throws(ConfigError)
    -> String
  {
    guard let v1, let id = try v1.nonEmptyString("benchmark") else { return fallback }
    guard BenchmarkRegistry.named(id) != nil else {
      let available = BenchmarkRegistry.ids.joined(separator: ", ")
      throw v1.error(
        "benchmark", "\(ConfigSection.quote(id)) is not a benchmark this build has (available: \(available))")
    }
    return id
  }

  static func readQueue(root: ConfigSection, output: ConfigSection, outputConfig: OutputConfig) throws(ConfigError)
    -> MemoryQueueConfig
  {
    var defaults = MemoryQueueConfig()
    if case .elasticsearch(let elasticsearch) = outputConfig, let presetQueue = elasticsearch.preset.values.queue {
      defaults = presetQueue
    }
    let topLevel = try root.section("queue")
    let inOutput = try output.section("queue")
    if topLevel != nil, inOutput != nil {
      throw root.context.error(
        "\(output.path).queue", "queue settings are also set at the top level (queue); keep one of them")
    }
    return try MemoryQueueConfig.read(topLevel ?? inOutput, defaults: defaults)
  }
}

extension KSPMBeatConfig {
  /// Every secret value in the configuration, for log redaction: output credentials and secret
  /// headers, proxy password, TLS key passphrase and inline private key, AWS secret key and token.
  public var secretValues: [String] {
    var values: [String] = []
    if case .elasticsearch(let es) = output {
      switch es.auth {
      case .basic(_, let password): values.append(password.value)
      case .apiKey(let id, let key): values += [key.value, "\(id):\(key.value)"]
      case .bearer(let token): values.append(token.value)
      default: break
      }
      values += es.headers.values.map(\.value)
      if let password = es.proxy?.password { values.append(password.value) }
      if let passphrase = es.tls?.keyPassphrase { values.append(passphrase.value) }
      if case .inline(let pem) = es.tls?.key { values.append(pem) }
    }
    return values + scanConfig.secretValues
  }
}
