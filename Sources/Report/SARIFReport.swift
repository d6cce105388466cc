import Engine
import Foundation
import KSPMCore

/// `scan --format sarif`: a SARIF 2.1.0 log for code-scanning tools. Every checked rule of the
/// benchmark is a `tool.driver.rules` entry (id `cis_k8s/1.2.18`); every failed finding is a
/// result (level `error` for a Level 1 rule, `warning` for Level 2), located where the resource
/// lives: the manifest file it came from, the API path of a cluster object, the file on the node
/// (`NODE_ROOT`), a process's executable; an excepted finding carries an accepted suppression with
/// the exception's reason, and with `--baseline` each result says whether it is new.
public struct SARIFReport: Sendable {
  public static let schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

  public var results: ScanResults

  public init(_ results: ScanResults) { self.results = results }

  /// `cis_k8s/1.2.18`: stable across scans and kspmbeat versions of the same benchmark.
  public static func ruleID(benchmark: String, number: String) -> String { "\(benchmark)/\(number)" }

  public func render() -> String {
    let checked = results.coverage.rules.filter { $0.metadata != nil }
    var index: [String: Int] = [:]
    for (i, rule) in checked.enumerated() { index[rule.metadata!.id] = i }
    let diffState = baselineStates()
    let failed = results.findings.filter { $0.result == .failed }
    var run = Self.object([
      "tool": [
        "driver": [
          "name": "kspmbeat", "version": .string(results.version), "semanticVersion": .string(results.version),
          "fullName": .string(
            "kspmbeat \(results.version): \(results.benchmark.name) (\(results.benchmark.id) \(results.benchmark.version))"
          ),
          "rules": .array(checked.map(descriptor)),
        ]
      ],
      "invocations": [
        [
          "executionSuccessful": .bool(![1, 2, 3].contains(results.exitStatus)),
          "exitCode": .int(Int64(results.exitStatus)),
          "endTimeUtc": .string(Timestamp.format(results.date, fractionDigits: 0)),
        ]
      ],
      "originalUriBaseIds": [
        "NODE_ROOT": [
          "uri": "file:///",
          "description": ["text": .string("the root of the file system of node \(results.nodeLabel ?? "(not read)")")],
        ],
        "KUBERNETES_API": [
          "description": ["text": .string("the API server of cluster \(results.clusterLabel ?? "(unnamed)")")]
        ],
      ],
      "automationDetails": [
        "id": .string(
          "kspmbeat/\(results.benchmark.id)/\(results.clusterLabel ?? "cluster")/\(results.nodeLabel ?? "")")
      ],
      "columnKind": "unicodeCodePoints",
    ])
    run["results"] = .array(
      failed.map { record in result(record, ruleIndex: index[record.rule.id] ?? -1, state: diffState[record.key]) })
    let log: JSONValue = ["$schema": .string(Self.schema), "version": "2.1.0", "runs": [.object(run)]]
    return JSONWriter.string(log) + "\n"
  }

  /// `new` or `unchanged` for each current failure, with `--baseline`.
  func baselineStates() -> [FindingKey: String] {
    guard let diff = results.diff else { return [:] }
    var states: [FindingKey: String] = [:]
    for item in diff.new { states[item.key] = "new" }
    for item in diff.unchanged + diff.excepted { states[item.key] = "unchanged" }
    return states
  }

  static func level(_ profile: String) -> String { profile.hasPrefix("Level 2") ? "warning" : "error" }

  func descriptor(_ rule: RuleCoverage) -> JSONValue {
    let metadata = rule.metadata!
    var help = "Remediation:\n\(metadata.remediation)"
    if !metadata.rationale.isEmpty { help = "Rationale:\n\(metadata.rationale)\n\n" + help }
    var markdown = "**Rationale**\n\n\(metadata.rationale)\n\n**Remediation**\n\n\(metadata.remediation)"
    if !metadata.audit.isEmpty { markdown += "\n\n**Audit**\n\n\(metadata.audit)" }
    return [
      "id": .string(Self.ruleID(benchmark: results.benchmark.id, number: rule.number)),
      "name": .string("CIS \(rule.number)"),
      "shortDescription": ["text": .string(rule.title)],
      "fullDescription": ["text": .string(metadata.description.isEmpty ? rule.title : metadata.description)],
      "help": ["text": .string(help), "markdown": .string(markdown)],
      "defaultConfiguration": ["level": .string(Self.level(rule.profile))],
      "properties": [
        "tags": .array((["security", "CIS"] + [rule.section]).map(JSONValue.string)),
        "kibana_rule_id": .string(metadata.id), "section": .string("\(rule.sectionNumber) \(rule.section)"),
        "profile": .string(rule.profile), "benchmark": .string(results.benchmark.id),
      ],
    ]
  }

  func result(_ record: FindingRecord, ruleIndex: Int, state: String?) -> JSONValue {
    let evaluation = record.evaluation ?? Evaluation(.failed, evidence: .null)
    var object = Self.object([
      "ruleId": .string(Self.ruleID(benchmark: results.benchmark.id, number: record.rule.ruleNumber)),
      "ruleIndex": .int(Int64(ruleIndex)), "kind": "fail",
      "level": .string(Self.level(record.rule.profileApplicability.replacingOccurrences(of: "* ", with: ""))),
      "message": ["text": .string("\(record.subject): \(EvidenceText.line(evaluation))")],
      "locations": [location(record)],
      "partialFingerprints": ["kspmbeatFinding/v1": .string("\(record.key.ruleID)/\(record.key.resource)")],
      "properties": [
        "resource": .string(record.subject), "resource_id": .string(record.resourceID),
        "evidence": evaluation.evidence, "expected": evaluation.expected ?? .null,
      ],
    ])
    if let state { object["baselineState"] = .string(state) }
    if let exception = record.exception {
      var justification = "\(exception.reason) (owner \(exception.owner)"
      justification += exception.expires.map { ", expires \($0))" } ?? ")"
      object["suppressions"] = [["kind": "external", "status": "accepted", "justification": .string(justification)]]
    }
    return .object(object)
  }

  /// Where the resource lives, physically and logically.
  func location(_ record: FindingRecord) -> JSONValue {
    let place = record.location
    var location = JSONObject()
    var logical = Self.object(["name": .string(place.name), "kind": "resource"])
    switch place.kind {
    case .kubernetes:
      let scope = place.namespace.map { "\($0)/" } ?? ""
      logical["fullyQualifiedName"] = .string("\(place.type)/\(scope)\(place.name)")
      if let file = place.sourceFile {
        location["physicalLocation"] = ["artifactLocation": Self.fileLocation(file)]
      } else {
        location["physicalLocation"] = [
          "artifactLocation": ["uri": .string(Self.apiPath(place)), "uriBaseId": "KUBERNETES_API"]
        ]
      }
    case .file:
      logical["fullyQualifiedName"] = .string("\(results.nodeLabel ?? "node"):\(place.name)")
      location["physicalLocation"] = [
        "artifactLocation": [
          "uri": .string(Self.encode(String(place.name.drop { $0 == "/" }))), "uriBaseId": "NODE_ROOT",
        ]
      ]
    case .process:
      logical["fullyQualifiedName"] = .string("\(results.nodeLabel ?? "node")/process/\(place.name)")
      logical["kind"] = "process"
      if let path = place.executablePath, path.hasPrefix("/") {
        location["physicalLocation"] = [
          "artifactLocation": ["uri": .string(Self.encode(String(path.dropFirst()))), "uriBaseId": "NODE_ROOT"]
        ]
      }
    case .cloud:
      logical["fullyQualifiedName"] = .string("\(place.type)/\(place.name)")
    }
    location["logicalLocations"] = [.object(logical)]
    return .object(location)
  }

  /// A manifest file: relative paths as given (to the repository a CI job scans), absolute ones
  /// as `file://` URIs.
  static func fileLocation(_ path: String) -> JSONValue {
    if path.hasPrefix("/") { return ["uri": .string("file://" + encode(path))] }
    return ["uri": .string(encode(path.hasPrefix("./") ? String(path.dropFirst(2)) : path))]
  }

  /// `api/v1/namespaces/shop/pods/web`, `apis/rbac.authorization.k8s.io/v1/clusterroles/admin`.
  static func apiPath(_ place: ResourceLocation) -> String {
    let version = place.apiVersion ?? "v1"
    let group = version.contains("/") ? "apis/\(version)" : "api/\(version)"
    let scope = place.namespace.map { "namespaces/\(encode($0))/" } ?? ""
    return "\(group)/\(scope)\(place.type.lowercased())s/\(encode(place.name))"
  }

  static func object(_ value: JSONValue) -> JSONObject { value.objectValue ?? JSONObject() }

  static func encode(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ":;")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }
}
