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
///   `kspmbeat.config.v1.aws.credentials.*`; `kspmbeat.kube_config` [in-cluster];
///   `kspmbeat.host_root` [caller: /hostfs or /]; `kspmbeat.data_stream.namespace` [default];
///   `kspmbeat.leader_election.{lease_name, namespace, identity, lease_duration, renew_deadline, retry_period}`.
/// - exactly one of `output.elasticsearch` (see ``ElasticsearchOutputConfig``), `output.file`
///   (``FileOutputConfig``), `output.console: {}` (NDJSON on standard output); `enabled: false` skips one.
/// - `queue.mem.{events, flush.min_events, flush.timeout}` at the top level or inside the output.
/// - `http.{enabled [false], host [localhost; or unix:///path/to.sock], port [5066]}`: the
///   monitoring endpoint (see ``MonitoringSettings``).
/// - Fleet's `config.v1.{type, deployment, posture}` are accepted and ignored; any other key warns.
///
/// Durations are Go/beats durations (`300ms`, `1h30m`) or bare seconds. Strings expand `${VAR}`,
/// `${VAR:default}` and `$$`. Descriptions never show secrets (passwords, API keys, tokens, inline
/// private keys).
public struct KSPMBeatConfig: Sendable, Equatable {
  /// Time between the starts of two cycles (`kspmbeat.period`, > 0). Default 4 h.
  public var period: Duration
  /// `kspmbeat.config.v1.benchmark`: an id of ``BenchmarkRegistry``. Default `cis_k8s`.
  public var benchmark: String
  /// `kspmbeat.config.v1.aws.credentials`; empty when not set.
  public var awsCredentials: AWSCredentialsConfig
  /// `kspmbeat.kube_config` (`~` expanded); `nil`: in-cluster access.
  public var kubeConfig: String?
  /// `kspmbeat.host_root`; `nil`: the caller picks `/hostfs` when it exists, else `/`.
  public var hostRoot: String?
  /// `kspmbeat.leader_election`.
  public var leaderElection: LeaderElectionConfig
  /// `kspmbeat.data_stream.namespace`: findings go to `logs-cloud_security_posture.findings-<namespace>`.
  /// Default `default`.
  public var dataStreamNamespace: String
  /// The one enabled output.
  public var output: OutputConfig
  /// The queue between the pipeline and the output (`queue.mem`, top level or inside the output).
  public var queue: MemoryQueueConfig
  /// The monitoring endpoint (`http.*`); disabled by default.
  public var http: MonitoringSettings

  public static let defaultPeriod: Duration = .seconds(4 * 3600)
  public static let defaultBenchmark = "cis_k8s"

  public init(
    period: Duration = defaultPeriod, benchmark: String = defaultBenchmark,
    awsCredentials: AWSCredentialsConfig = AWSCredentialsConfig(), kubeConfig: String? = nil, hostRoot: String? = nil,
    leaderElection: LeaderElectionConfig = LeaderElectionConfig(),
    dataStreamNamespace: String = DataStreamNamespace.defaultValue, output: OutputConfig,
    queue: MemoryQueueConfig = MemoryQueueConfig(), http: MonitoringSettings = MonitoringSettings()
  ) {
    self.period = period
    self.benchmark = benchmark
    self.awsCredentials = awsCredentials
    self.kubeConfig = kubeConfig
    self.hostRoot = hostRoot
    self.leaderElection = leaderElection
    self.dataStreamNamespace = dataStreamNamespace
    self.output = output
    self.queue = queue
    self.http = http
  }
}

extension KSPMBeatConfig {
  static let topLevelKeys: Set<String> = ["kspmbeat", "output", "queue", "http"]
  static let beatKeys: Set<String> = [
    "period", "config", "kube_config", "host_root", "leader_election", "data_stream",
  ]
  /// `config.v1` keys Fleet sends that kspmbeat reads (benchmark, aws) or accepts and ignores.
  static let v1Keys: Set<String> = ["benchmark", "aws", "type", "deployment", "posture"]

  /// Builds the model from a normalized tree (dotted keys already split).
  static func read(_ root: ConfigSection) throws(ConfigError) -> KSPMBeatConfig {
    root.warnUnknown(topLevelKeys)
    let beat =
      try root.section("kspmbeat") ?? ConfigSection(path: "kspmbeat", object: JSONObject(), context: root.context)
    beat.warnUnknown(beatKeys)

    let period = try beat.duration("period") ?? defaultPeriod
    guard period > .zero else { throw beat.error("period", "must be greater than 0") }

    let config = try beat.section("config")
    config?.warnUnknown(["v1"])
    let v1 = try config?.section("v1")
    v1?.warnUnknown(v1Keys)
    let aws = try v1?.section("aws")
    aws?.warnUnknown(["credentials"])

    let (output, outputSection) = try OutputConfig.read(root.section("output"), context: root.context)
    let queue = try readQueue(root: root, output: outputSection, outputConfig: output)

    return KSPMBeatConfig(
      period: period,
      benchmark: try readBenchmark(v1),
      awsCredentials: try AWSCredentialsConfig.read(aws?.section("credentials")),
      kubeConfig: try beat.path("kube_config"),
      hostRoot: try beat.path("host_root"),
      leaderElection: try LeaderElectionConfig.read(beat.section("leader_election")),
      dataStreamNamespace: try DataStreamNamespace.read(beat.section("data_stream")),
      output: output,
      queue: queue,
      http: try MonitoringSettings.read(root.section("http")))
  }

  /// `config.v1.benchmark`: an id the registry knows, else an error naming the ids that exist.
  static func readBenchmark(_ v1: ConfigSection?) throws(ConfigError) -> String {
    guard let v1, let id = try v1.nonEmptyString("benchmark") else { return defaultBenchmark }
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
    if let secret = awsCredentials.secretAccessKey { values.append(secret.value) }
    if let token = awsCredentials.sessionToken { values.append(token.value) }
    return values
  }
}
