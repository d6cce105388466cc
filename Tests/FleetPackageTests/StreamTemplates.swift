import Beat
import FleetPackage
import KSPMCore
import TestSupport
import YAMLValue

/// One stream of the findings data stream as the package declares it, rendered as Fleet renders
/// it and handed to kspmbeat as Elastic Agent hands it over.
struct PackageStream: Sendable {
  let input: String
  let template: String
  /// The stream's variables and the package's own (`posture`, `deployment`).
  let variables: [JSONValue]

  /// Every stream of the built package.
  static func all() throws -> [PackageStream] {
    let package = try BuiltPackage.get()
    let packageVariables = try package.yaml("manifest.yml")["vars"]?.arrayValue ?? []
    let manifest = try package.yaml("data_stream/findings/manifest.yml")
    return try (manifest["streams"]?.arrayValue ?? []).map { stream in
      let path = PackageLayout.streamTemplateFolder + "/" + (stream["template_path"]?.stringValue ?? "")
      return PackageStream(
        input: stream["input"]?.stringValue ?? "", template: try package.text(path),
        variables: packageVariables + (stream["vars"]?.arrayValue ?? []))
    }
  }

  static func named(_ input: String) throws -> PackageStream {
    guard let stream = try all().first(where: { $0.input == input }) else {
      throw PackageBuildError("no stream for \(input)")
    }
    return stream
  }

  var names: [String] { variables.compactMap { $0["name"]?.stringValue } }

  /// The values Fleet renders with: each variable's default, replaced by the policy's value.
  func values(_ policy: [String: JSONValue]) -> [String: JSONValue] {
    var values: [String: JSONValue] = [:]
    for variable in variables {
      if let name = variable["name"]?.stringValue, let value = variable["default"] { values[name] = value }
    }
    for (name, value) in policy { values[name] = value }
    return values
  }

  /// The template rendered with `policy` and parsed as Fleet parses it.
  func rendered(_ policy: [String: JSONValue]) throws -> JSONValue {
    try YAMLDocuments.parse(HandlebarsTemplate(template).render(values(policy)))
  }

  /// The input unit Elastic Agent sends for a policy with this stream (`reference/agent-and-output.md`
  /// A.9): the unit's own fields and the stream, whose settings are the rendered template.
  func unit(_ policy: [String: JSONValue]) throws -> AgentExpectedUnit {
    var stream: JSONObject = try rendered(policy).objectValue ?? JSONObject()
    stream["id"] = .string("\(input)-cloud_security_posture.findings-7c3f0e52")
    stream["data_stream"] = ["type": "logs", "dataset": "cloud_security_posture.findings"]
    let unit: JSONValue = [
      "id": "7c3f0e52-2d1c-4f5e-9a0b-6c2d8e4f1a37", "type": .string(input), "name": "kspm-1", "revision": 2,
      "package_policy_id": "7c3f0e52-2d1c-4f5e-9a0b-6c2d8e4f1a37", "policy": ["revision": 5],
      "meta": ["package": ["name": "cloud_security_posture", "version": "1.6.90"]],
      "data_stream": ["namespace": "default"], "streams": [.object(stream)],
    ]
    return AgentExpectedUnit(id: "\(input)-default-kspm", config: unit)
  }

  /// The configuration kspmbeat makes of that unit, with the settings of Elastic Agent's arguments.
  func load(_ policy: [String: JSONValue]) throws -> AgentConfiguration {
    let base = try KSPMBeatConfig.load(file: nil, overrides: ["management.enabled=true"], environment: [:]).config
    return try AgentUnitConfig.configuration(
      input: unit(policy),
      output: AgentExpectedUnit(
        id: "output-default", config: ["type": "elasticsearch", "hosts": ["https://es:9200"], "api_key": "id:key"]),
      base: base, environment: [:])
  }
}
