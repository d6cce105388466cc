import Foundation
import KSPMCore

/// Turns a resource and its rule verdicts into ECS finding documents (`reference/cloudbeat.md` §7).
///
/// Everything that is the same for a whole cycle (agent, host, data stream, cluster, and the
/// long rule texts) is encoded once up front, so per-document work is the resource, the result and
/// the event block.
public final class FindingEncoder: Sendable {
  /// `ecs.version` of the documents (what the integration's ingest pipeline sets).
  public static let ecsVersion = "8.6.0"
  public static let dataset = "cloud_security_posture.findings"
  /// The longest string of a resource (`resource.raw`, evidence, names) a document carries; longer
  /// ones are cut with a marker, so one huge annotation never multiplies into every finding.
  public static let maxStringBytes = 32 * 1024

  public let context: CycleContext
  private let ruleFragments: [String: [UInt8]]
  private let clusterFragment: [UInt8]
  private let tailFragment: [UInt8]

  public init(context: CycleContext, rules: [RuleMetadata]) {
    self.context = context
    var fragments: [String: [UInt8]] = [:]
    for rule in rules { fragments[rule.id] = Self.ruleFragment(rule) }
    ruleFragments = fragments
    clusterFragment = Self.clusterFragment(context)
    tailFragment = Self.tailFragment(context)
  }

  /// `resource.id` of `resource` in this cycle's cluster and node.
  public func resourceID(for resource: Resource) -> String {
    ResourceIdentity.resourceID(of: resource, clusterID: context.clusterID, nodeID: context.nodeID)
  }

  /// One document per finding; all share `@timestamp` and the encoded raw resource.
  public func encode(resource: Resource, findings: [RuleFinding], timestamp: Date) -> [FindingDocument] {
    guard !findings.isEmpty else { return [] }
    let resourceID = resourceID(for: resource)
    let timestampText = Timestamp.milliseconds(timestamp)
    var rawWriter = JSONWriter(capacity: 2048, maxStringBytes: Self.maxStringBytes)
    rawWriter.write(RawResource.json(for: resource))
    let raw = rawWriter.bytes
    let ecsBlock = Self.ecsBlock(for: resource, resourceID: resourceID)
    let cloudBlock = Self.cloudBlock(context: context.cloud, resource: resource.cloudResource)
    let namespace = resource.kubernetesObject?.namespace
    var documents: [FindingDocument] = []
    documents.reserveCapacity(findings.count)
    for finding in findings {
      let documentID = ResourceIdentity.documentID(
        sequence: context.sequence, ruleID: finding.rule.id, resourceID: resourceID, rawID: resource.rawID,
        nodeID: context.nodeID)
      var w = JSONWriter(capacity: raw.count + 4096, maxStringBytes: Self.maxStringBytes)
      w.writeRaw("{\"@timestamp\":")
      w.writeString(timestampText)
      w.writeRaw(",\"message\":")
      w.writeString("Rule \"\(finding.rule.name)\": \(finding.evaluation.result.rawValue)")
      w.writeRaw(",\"resource\":{\"id\":")
      w.writeString(resourceID)
      w.writeRaw(",\"name\":")
      w.writeString(resource.name)
      w.writeRaw(",\"type\":")
      w.writeString(resource.type.rawValue)
      if !resource.subType.isEmpty {
        w.writeRaw(",\"sub_type\":")
        w.writeString(resource.subType)
      }
      w.writeRaw(",\"raw\":")
      w.bytes.append(contentsOf: raw)
      w.writeRaw("},\"result\":{\"evaluation\":")
      w.writeString(finding.evaluation.result.rawValue)
      w.writeRaw(",\"evidence\":")
      w.write(finding.evaluation.evidence)
      w.writeRaw(",\"expected\":")
      w.write(finding.evaluation.expected ?? .null)
      w.writeRaw("},")
      w.bytes.append(contentsOf: ruleFragments[finding.rule.id] ?? Self.ruleFragment(finding.rule))
      w.writeRaw(",\"event\":{\"kind\":\"state\",\"category\":[\"configuration\"],\"type\":[\"info\"],\"outcome\":")
      w.writeString(finding.evaluation.result == .passed ? "success" : "failure")
      w.writeRaw(",\"sequence\":")
      w.writeInt(context.sequence)
      w.writeRaw(",\"created\":")
      w.writeString(timestampText)
      w.writeRaw(",\"id\":")
      w.writeString(documentID)
      w.writeRaw(",\"dataset\":\"cloud_security_posture.findings\"}")
      w.bytes.append(contentsOf: clusterFragment)
      if let object = resource.kubernetesObject {
        // ECS `orchestrator.resource.id` is the object's own uid, as Elastic sends it; only
        // `resource.id` is hashed. The namespace is ECS `orchestrator.namespace`.
        w.writeRaw(",\"resource\":{\"type\":")
        w.writeString(object.kind)
        w.writeRaw(",\"name\":")
        w.writeString(object.name)
        w.writeRaw(",\"id\":")
        w.writeString(resource.rawID)
        w.writeRaw("}")
        if let namespace = object.namespace {
          w.writeRaw(",\"namespace\":")
          w.writeString(namespace)
        }
      }
      w.writeRaw("}")
      w.bytes.append(contentsOf: ecsBlock)
      w.bytes.append(contentsOf: cloudBlock)
      if let exception = finding.exception { w.bytes.append(contentsOf: Self.exceptionBlock(exception)) }
      w.bytes.append(contentsOf: tailFragment)
      documents.append(
        FindingDocument(
          id: documentID, body: w.bytes,
          summary: FindingSummary(
            rule: finding.rule, evaluation: finding.evaluation.result, resourceID: resourceID,
            resourceName: resource.name, resourceType: resource.type, resourceSubType: resource.subType,
            resourceNamespace: namespace)))
    }
    return documents
  }

  /// `"rule":{…}` with every key cloudbeat always sends (empty strings when empty).
  static func ruleFragment(_ rule: RuleMetadata) -> [UInt8] {
    var w = JSONWriter(capacity: 4096)
    w.writeRaw("\"rule\":{\"id\":")
    w.writeString(rule.id)
    w.writeRaw(",\"uuid\":")
    w.writeString(rule.id)
    w.writeRaw(",\"name\":")
    w.writeString(rule.name)
    w.writeRaw(",\"profile_applicability\":")
    w.writeString(rule.profileApplicability)
    w.writeRaw(",\"description\":")
    w.writeString(rule.description)
    w.writeRaw(",\"rationale\":")
    w.writeString(rule.rationale)
    w.writeRaw(",\"audit\":")
    w.writeString(rule.audit)
    w.writeRaw(",\"remediation\":")
    w.writeString(rule.remediation)
    w.writeRaw(",\"impact\":")
    w.writeString(rule.impact)
    w.writeRaw(",\"default_value\":")
    w.writeString(rule.defaultValue)
    w.writeRaw(",\"references\":")
    w.writeString(rule.references)
    w.writeRaw(",\"reference\":")
    w.writeString(rule.references)
    w.writeRaw(",\"section\":")
    w.writeString(rule.section)
    w.writeRaw(",\"version\":")
    w.writeString(rule.version)
    w.writeRaw(",\"tags\":")
    w.write(.array(rule.tags.map(JSONValue.string)))
    w.writeRaw(",\"benchmark\":{\"id\":")
    w.writeString(rule.benchmark.id)
    w.writeRaw(",\"name\":")
    w.writeString(rule.benchmark.name)
    w.writeRaw(",\"version\":")
    w.writeString(rule.benchmark.version)
    w.writeRaw(",\"rule_number\":")
    w.writeString(rule.ruleNumber)
    w.writeRaw(",\"posture_type\":")
    w.writeString(rule.benchmark.postureType)
    w.writeRaw("}}")
    return w.bytes
  }

  /// `,"cluster_id":…,"orchestrator":{"cluster":{…},"type":"kubernetes"` (left open for `resource`).
  static func clusterFragment(_ context: CycleContext) -> [UInt8] {
    var w = JSONWriter(capacity: 256)
    if !context.clusterID.isEmpty {
      w.writeRaw(",\"cluster_id\":")
      w.writeString(context.clusterID)
    }
    w.writeRaw(",\"orchestrator\":{\"cluster\":{")
    var cluster = JSONObject()
    if !context.clusterID.isEmpty { cluster.appendUnchecked("id", .string(context.clusterID)) }
    if let name = context.clusterName, !name.isEmpty { cluster.appendUnchecked("name", .string(name)) }
    if let version = context.clusterVersion, !version.isEmpty {
      cluster.appendUnchecked("version", .string(version))
    }
    var inner = JSONWriter()
    inner.write(.object(cluster))
    w.bytes.append(contentsOf: inner.bytes.dropFirst().dropLast())
    w.writeRaw("},\"type\":\"kubernetes\"")
    return w.bytes
  }

  /// `,"host":…,"agent":…[,"elastic_agent":…,"cloud_security_posture":…],"ecs":…,"data_stream":…}`
  /// — the end of every document.
  static func tailFragment(_ context: CycleContext) -> [UInt8] {
    var host = JSONObject()
    host.appendUnchecked("name", .string(context.host.name))
    host.appendUnchecked("hostname", .string(context.host.hostname))
    if let id = context.host.id { host.appendUnchecked("id", .string(id)) }
    if let arch = context.host.architecture { host.appendUnchecked("architecture", .string(arch)) }
    var os = JSONObject()
    if let name = context.host.osName { os.appendUnchecked("name", .string(name)) }
    if let kernel = context.host.osKernel { os.appendUnchecked("kernel", .string(kernel)) }
    if !os.isEmpty { host.appendUnchecked("os", .object(os)) }
    let agent: JSONValue = [
      "id": .string(context.fleet?.agentID ?? context.agent.id), "name": .string(context.agent.name),
      "type": .string(context.agent.type),
      "version": .string(context.agent.version), "ephemeral_id": .string(context.agent.ephemeralID),
    ]
    var w = JSONWriter(capacity: 512)
    w.writeRaw(",\"host\":")
    w.write(.object(host))
    w.writeRaw(",\"agent\":")
    w.write(agent)
    if let fleet = context.fleet { w.bytes.append(contentsOf: fleetFragment(fleet)) }
    w.writeRaw(",\"ecs\":{\"version\":")
    w.writeString(ecsVersion)
    w.writeRaw("},\"data_stream\":{\"type\":\"logs\",\"dataset\":\"cloud_security_posture.findings\",\"namespace\":")
    w.writeString(context.dataStreamNamespace)
    w.writeRaw("}}")
    return w.bytes
  }

  /// `,"elastic_agent":{…}` and `,"cloud_security_posture":{"package_policy":{…}}` of a managed
  /// process (the policy block only when the policy names its package policy).
  static func fleetFragment(_ fleet: FleetContext) -> [UInt8] {
    var w = JSONWriter(capacity: 256)
    w.writeRaw(",\"elastic_agent\":")
    w.write([
      "id": .string(fleet.agentID), "version": .string(fleet.agentVersion), "snapshot": .bool(fleet.snapshot),
    ])
    var policy = JSONObject()
    if let id = fleet.packagePolicyID { policy.appendUnchecked("id", .string(id)) }
    if let revision = fleet.packagePolicyRevision { policy.appendUnchecked("revision", .int(Int64(revision))) }
    if !policy.isEmpty {
      w.writeRaw(",\"cloud_security_posture\":{\"package_policy\":")
      w.write(.object(policy))
      w.writeRaw("}")
    }
    return w.bytes
  }

  /// `,"kspmbeat":{"exception":{"reason":…,"owner":…[,"expires":…]}}`: an excepted failed finding
  /// says so beside its honest `result.evaluation`.
  static func exceptionBlock(_ exception: ExceptionMark) -> [UInt8] {
    var o = JSONObject()
    o.appendUnchecked("reason", .string(exception.reason))
    o.appendUnchecked("owner", .string(exception.owner))
    if let end = exception.end {
      o.appendUnchecked("expires", .string(Timestamp.format(end, fractionDigits: 3)))
    }
    var w = JSONWriter(capacity: 256, maxStringBytes: maxStringBytes)
    w.writeRaw(",\"kspmbeat\":{\"exception\":")
    w.write(.object(o))
    w.writeRaw("}")
    return w.bytes
  }

  /// The ECS `file` or `process` block of node resources (with its leading comma), else nothing.
  static func ecsBlock(for resource: Resource, resourceID: String) -> [UInt8] {
    var w = JSONWriter(capacity: 512)
    switch resource.payload {
    case .file(let file):
      var o = RawResource.fileIdentityFields(file)
      o.appendUnchecked("extension", .string(fileExtension(file.name, isDirectory: file.isDirectory)))
      o.appendUnchecked("size", .int(file.size))
      o.appendUnchecked("type", .string(file.isDirectory ? "directory" : "file"))
      o.appendUnchecked("directory", .string(parentDirectory(file.path)))
      if let date = file.accessed { o.appendUnchecked("accessed", .string(Timestamp.format(date, fractionDigits: 9))) }
      if let date = file.modified { o.appendUnchecked("mtime", .string(Timestamp.format(date, fractionDigits: 9))) }
      if let date = file.changed { o.appendUnchecked("ctime", .string(Timestamp.format(date, fractionDigits: 9))) }
      w.writeRaw(",\"file\":")
      w.write(.object(o))
    case .process(let process):
      var o = JSONObject()
      o.appendUnchecked("pid", .int(Int64(process.pid)))
      o.appendUnchecked("name", .string(process.name))
      o.appendUnchecked("pgid", .int(Int64(process.processGroup)))
      o.appendUnchecked("command_line", .string(process.commandLine))
      o.appendUnchecked("args", .array(process.arguments.map(JSONValue.string)))
      o.appendUnchecked("args_count", .int(Int64(process.arguments.count)))
      o.appendUnchecked("title", .string(process.name))
      if let start = process.startTime { o.appendUnchecked("start", .string(Timestamp.milliseconds(start))) }
      if let uptime = process.uptime { o.appendUnchecked("uptime", .int(uptime)) }
      o.appendUnchecked("parent", ["pid": .int(Int64(process.parentPID))])
      w.writeRaw(",\"process\":")
      w.write(.object(o))
    case .kubernetes, .cloud:
      break
    }
    return w.bytes
  }

  /// `,"cloud":{…}` from the cycle's cloud account and the resource's service and region; nothing
  /// when neither says anything (Kubernetes benchmarks).
  static func cloudBlock(context: CloudContext?, resource: CloudResource?) -> [UInt8] {
    guard context != nil || resource != nil else { return [] }
    var o = JSONObject()
    if let provider = context?.provider ?? resource?.kind.provider {
      o.appendUnchecked("provider", .string(provider))
    }
    var account = JSONObject()
    if let id = resource?.accountID ?? context?.accountID { account.appendUnchecked("id", .string(id)) }
    if let name = context?.accountName { account.appendUnchecked("name", .string(name)) }
    if !account.isEmpty { o.appendUnchecked("account", .object(account)) }
    if let region = resource?.region ?? context?.region { o.appendUnchecked("region", .string(region)) }
    if let service = resource?.kind.service { o.appendUnchecked("service", ["name": .string(service)]) }
    var w = JSONWriter(capacity: 128)
    w.writeRaw(",\"cloud\":")
    w.write(.object(o))
    return w.bytes
  }

  static func fileExtension(_ name: String, isDirectory: Bool) -> String {
    guard !isDirectory, let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[dot...])
  }

  static func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
