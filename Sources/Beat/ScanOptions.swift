import Benchmarks
import Engine
import KSPMCore
import Logging

/// What `kspmbeat scan` was asked to do.
public struct ScanOptions: Sendable {
  /// How findings are shown.
  public enum Format: String, Sendable, CaseIterable {
    /// One JSON document per line.
    case ndjson
    /// A posture summary for people.
    case table
    /// One JSON summary object (totals, sections, every rule with its status), for scripts.
    case json
    /// SARIF 2.1.0: one result per failed finding, for code-scanning tools.
    case sarif
    /// JUnit XML: a test case per rule and resource, for CI test reports.
    case junit
    /// One self-contained HTML page: scores, failed rules with resources, evidence, remediation.
    case html

    /// Whether the format lists findings one by one (so the scan keeps them until it is over).
    public var keepsFindings: Bool { [.sarif, .junit, .html].contains(self) }
  }

  public var benchmark: String = "cis_k8s"
  public var kubeconfig: String?
  public var context: String?
  /// Manifest files or folders to scan instead of an API server.
  public var manifests: [String] = []
  /// Where the node's file system is; `nil` picks `/hostfs` when it exists, else `/`.
  public var hostRoot: String?
  /// NDJSON destination (`-` for standard output); `nil` writes no NDJSON.
  public var output: String?
  public var format: Format = .table
  public var demo = false
  /// Skip the node's files and processes.
  public var skipNode = false
  /// Skip cluster objects (API server or manifests).
  public var skipCluster = false
  public var dataStreamNamespace = "default"
  /// Overrides the cluster id (`cluster_id`, `orchestrator.cluster.id`); manifest scans have none otherwise.
  public var clusterID: String?
  /// Overrides the cluster name (`orchestrator.cluster.name`).
  public var clusterName: String?
  public var verbose = false
  /// AWS access for cloud benchmarks (`cis_eks`): credentials, region, endpoint, cluster name.
  public var aws = AWSConfig()
  /// Send the findings to the configured output instead of writing them locally (`--ship`).
  public var ship: ShipOptions?
  /// Which rules are evaluated (`--rules`, `--skip`, `--sections`, `--profile`, `--target`).
  public var selection = RuleSelection()
  /// When the finished scan fails (`--fail-on`, `--min-score`).
  public var gate = ScanGate()
  /// Accepted failures (`--exceptions FILE`, else `kspmbeat.exceptions` of `-c`/`-E`).
  public var exceptions = ExceptionList()
  /// A previous scan's findings to compare with (`--baseline FILE`).
  public var baseline: BaselineFindings?

  public init() {}
}

/// Where and how `scan --ship` delivers findings.
public struct ShipOptions: Sendable {
  /// The configuration (`-c`, `-E`): its output, queue and data stream namespace are used.
  public var config: KSPMBeatConfig
  /// How long to keep trying before giving up on what is not delivered yet.
  public var timeout: Duration
  public var logger: Logger

  public init(config: KSPMBeatConfig, timeout: Duration = .seconds(600), logger: Logger) {
    self.config = config
    self.timeout = timeout
    self.logger = logger
  }

  /// A `--ship-timeout` value (`90s`, `10m`, `1h`); `nil` when it is not a positive duration.
  public static func parseTimeout(_ text: String) -> Duration? {
    guard let duration = ConfigDuration.parse(.string(text)), duration > .zero else { return nil }
    return duration
  }
}
