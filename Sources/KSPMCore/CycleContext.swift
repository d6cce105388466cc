import Foundation

/// Who is shipping the findings (`agent.*`).
public struct AgentInfo: Sendable, Hashable {
  public var id: String
  public var name: String
  public var type: String
  public var version: String
  public var ephemeralID: String

  public init(id: String, name: String, type: String = "cloudbeat", version: String, ephemeralID: String) {
    self.id = id
    self.name = name
    self.type = type
    self.version = version
    self.ephemeralID = ephemeralID
  }
}

/// The host the scan runs on (`host.*`).
public struct HostInfo: Sendable, Hashable {
  public var name: String
  public var hostname: String
  public var architecture: String?
  public var osName: String?
  public var osKernel: String?
  public var id: String?

  public init(
    name: String, hostname: String? = nil, architecture: String? = nil, osName: String? = nil,
    osKernel: String? = nil, id: String? = nil
  ) {
    self.name = name
    self.hostname = hostname ?? name
    self.architecture = architecture
    self.osName = osName
    self.osKernel = osKernel
    self.id = id
  }
}

/// Everything a finding document needs that is the same for a whole cycle.
public struct CycleContext: Sendable {
  /// `event.sequence`: Unix seconds of the cycle's start.
  public var sequence: Int64
  /// UID of the `kube-system` namespace; empty when unknown (offline manifests without it).
  public var clusterID: String
  public var clusterName: String?
  /// API server `gitVersion` (`v1.29.4`).
  public var clusterVersion: String?
  /// UID of this node's Node object (part of file and process resource ids).
  public var nodeID: String
  public var host: HostInfo
  public var agent: AgentInfo
  /// `data_stream.namespace`, `default` unless configured.
  public var dataStreamNamespace: String
  public var benchmark: BenchmarkInfo
  /// The cloud account of a cloud benchmark's cycle (`cloud.*`); `nil` when none is involved.
  public var cloud: CloudContext?
  /// The Elastic Agent and package policy of a managed process; `nil` standalone.
  public var fleet: FleetContext?

  public init(
    sequence: Int64, clusterID: String, clusterName: String? = nil, clusterVersion: String? = nil,
    nodeID: String, host: HostInfo, agent: AgentInfo, dataStreamNamespace: String = "default",
    benchmark: BenchmarkInfo, cloud: CloudContext? = nil, fleet: FleetContext? = nil
  ) {
    self.cloud = cloud
    self.fleet = fleet
    self.sequence = sequence
    self.clusterID = clusterID
    self.clusterName = clusterName
    self.clusterVersion = clusterVersion
    self.nodeID = nodeID
    self.host = host
    self.agent = agent
    self.dataStreamNamespace = dataStreamNamespace
    self.benchmark = benchmark
  }

  /// `logs-cloud_security_posture.findings-<namespace>`.
  public var dataStream: String { Self.dataStream(namespace: dataStreamNamespace) }

  /// The findings data stream of a namespace.
  public static func dataStream(namespace: String) -> String { "logs-cloud_security_posture.findings-\(namespace)" }
}

/// An encoded finding, ready for any output, with the few fields a summary needs.
public struct FindingDocument: Sendable {
  /// Deterministic document id (`_id`) for idempotent delivery.
  public var id: String
  /// The compact JSON of the document (one NDJSON line without the newline).
  public var body: [UInt8]
  public var summary: FindingSummary

  public init(id: String, body: [UInt8], summary: FindingSummary) {
    self.id = id
    self.body = body
    self.summary = summary
  }
}

/// The fields of a finding that summaries and logs use, without re-parsing the document.
public struct FindingSummary: Sendable {
  public var rule: RuleMetadata
  public var evaluation: EvaluationResult
  public var resourceID: String
  public var resourceName: String
  public var resourceType: ResourceType
  public var resourceSubType: String
  /// `namespace/name` for namespaced Kubernetes objects.
  public var resourceNamespace: String?

  public init(
    rule: RuleMetadata, evaluation: EvaluationResult, resourceID: String, resourceName: String,
    resourceType: ResourceType, resourceSubType: String, resourceNamespace: String? = nil
  ) {
    self.rule = rule
    self.evaluation = evaluation
    self.resourceID = resourceID
    self.resourceName = resourceName
    self.resourceType = resourceType
    self.resourceSubType = resourceSubType
    self.resourceNamespace = resourceNamespace
  }
}
