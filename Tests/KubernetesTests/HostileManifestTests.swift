import Foundation
import KSPMCore
import Kubernetes
import Testing

/// Manifests written to mislead: wrong shapes, duplicates, floods of junk.
@Suite struct HostileManifestTests {
  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func collect(_ paths: [String], kinds: [KubernetesKind] = [.pod, .role, .serviceAccount]) async throws -> (
    [Resource], WarningLines
  ) {
    let warnings = WarningLines()
    let sink = LockedResources()
    try await ManifestCollector(paths: paths, kinds: kinds).collect(diagnostics: warnings) { sink.add($0) }
    return (sink.all, warnings)
  }

  @Test(
    arguments: [
      ("spec: {containers: {name: c}}", "spec.containers: expected an array, found an object"),
      (
        "spec: {containers: [{name: c, securityContext: {privileged: \"true\"}}]}",
        "spec.containers[0].securityContext.privileged: expected a boolean, found a string (\"true\")"
      ),
      (
        "spec: {containers: [{name: c, securityContext: {capabilities: {add: NET_ADMIN}}}]}",
        "spec.containers[0].securityContext.capabilities.add: expected an array of strings, found a string (\"NET_ADMIN\")"
      ),
      ("spec: {hostPID: \"yes\", containers: []}", "spec.hostPID: expected a boolean, found a string (\"yes\")"),
      ("spec: [1]", "spec: expected an object, found an array"),
    ])
  func aPodOfTheWrongShapeIsReportedAndNeverJudged(spec: String, problem: String) async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("pod.yaml")
    try "apiVersion: v1\nkind: Pod\nmetadata: {name: sneaky, namespace: a}\n\(spec)\n".write(
      to: file, atomically: true, encoding: .utf8)
    let (resources, warnings) = try await collect([file.path])
    #expect(resources.isEmpty)
    #expect(warnings.all == ["\(file.path): Pod a/sneaky: invalid object, not judged: \(problem)"])
  }

  @Test func metadataAndRoleRulesOfTheWrongShapeAreReported() async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("objects.yaml")
    try """
    apiVersion: v1
    kind: ServiceAccount
    metadata: just-a-string
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: r, namespace: a}
    rules: [{apiGroups: [""], resources: [pods], verbs: get}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: fine, namespace: a}
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
    """.write(to: file, atomically: true, encoding: .utf8)
    let (resources, warnings) = try await collect([file.path])
    #expect(resources.map(\.name) == ["fine"])
    #expect(
      warnings.all.contains {
        $0.hasSuffix("invalid object, not judged: metadata: expected an object, found a string (\"just-a-string\")")
      })
    #expect(
      warnings.all.contains {
        $0.hasSuffix(
          "Role a/r: invalid object, not judged: rules[0].verbs: expected an array of strings, found a string (\"get\")"
        )
      })
  }

  /// A base and an overlay for the same Pod: both are judged, with distinct ids, and the warning
  /// names both files.
  @Test func anObjectDefinedTwiceIsReportedAndKeptApart() async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = dir.appendingPathComponent("base.yaml")
    let overlay = dir.appendingPathComponent("overlay.yaml")
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: c}]}\n"
    try pod.write(to: base, atomically: true, encoding: .utf8)
    try (pod + "---\n" + pod).write(to: overlay, atomically: true, encoding: .utf8)
    let (resources, warnings) = try await collect([base.path, overlay.path])
    #expect(resources.count == 3)
    #expect(Set(resources.map(\.rawID)).count == 3, "no two definitions share an id")
    #expect(
      warnings.all.contains {
        $0 == "Pod shop/web: defined in \(base.path) and in \(overlay.path); both definitions are judged"
      })
  }

  /// A million empty items are one line, not a million.
  @Test func manySkippedItemsAreOneLineWithTheCountAndTheFirst() async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("junk.json")
    let items = Array(repeating: "{}", count: 50_000).joined(separator: ",")
    try
      "{\"kind\": \"List\", \"items\": [\(items), {\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\", \"namespace\": \"a\"}}]}"
      .write(to: file, atomically: true, encoding: .utf8)
    let (resources, warnings) = try await collect([file.path])
    #expect(resources.map(\.name) == ["p"])
    #expect(warnings.all == ["\(file.path): 50,000 list items skipped: empty object; first at \(file.path) (item 1)"])
  }
}

final class LockedResources: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [Resource] = []
  func add(_ page: [Resource]) { lock.withLock { stored.append(contentsOf: page) } }
  var all: [Resource] { lock.withLock { stored } }
}
