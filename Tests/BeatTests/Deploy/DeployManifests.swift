import Foundation
import KSPMCore
import Testing
import YAMLValue

/// The files of `deploy/kubernetes/`, parsed, and the parts of them the tests look at.
struct DeployManifests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy/kubernetes")
  static let files = ["rbac.yaml", "secret.yaml", "configmap.yaml", "daemonset.yaml"]

  let documents: [JSONValue]

  init() throws {
    var all: [JSONValue] = []
    for name in Self.files {
      let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
      all.append(contentsOf: try YAMLDocuments.parseAll(text))
    }
    documents = all
  }

  func object(_ kind: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
    try #require(documents.first { $0["kind"]?.stringValue == kind }, "no \(kind)", sourceLocation: sourceLocation)
  }

  /// The DaemonSet's pod spec.
  func pod() throws -> JSONValue { try #require(try object("DaemonSet")[path: "spec", "template", "spec"]) }

  /// The one container.
  func container() throws -> JSONValue {
    let containers = try pod()["containers"]?.arrayValue ?? []
    #expect(containers.count == 1)
    return try #require(containers.first)
  }

  /// The text of `kspmbeat.yml` in the ConfigMap.
  func configText() throws -> String {
    try #require(try object("ConfigMap")[path: "data", "kspmbeat.yml"]?.stringValue)
  }

  /// The pod's volume named `name`.
  func volume(_ name: String) throws -> JSONValue {
    try #require(try pod()["volumes"]?.arrayValue?.first { $0["name"]?.stringValue == name }, "no volume \(name)")
  }

  /// The container's mounts.
  func mounts() throws -> [JSONValue] { try container()["volumeMounts"]?.arrayValue ?? [] }

  /// The container's environment variable names.
  func environmentNames() throws -> Set<String> {
    Set((try container()["env"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
  }
}

/// The `${NAME}` and `${NAME:default}` references in a beats configuration text: each name, and
/// whether it has a default.
func environmentReferences(in text: String) -> [(name: String, hasDefault: Bool)] {
  var found: [(String, Bool)] = []
  var rest = Substring(text)
  while let start = rest.range(of: "${") {
    guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
    let body = rest[start.upperBound..<end]
    let name = body.prefix { $0 != ":" }
    found.append((String(name), name.count < body.count))
    rest = rest[rest.index(after: end)...]
  }
  return found
}
