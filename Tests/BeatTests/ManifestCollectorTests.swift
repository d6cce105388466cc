import Beat
import Foundation
import KSPMCore
import Kubernetes
import Synchronization
import Testing

final class RecordingDiagnostics: ScanDiagnostics {
  let warnings = Mutex<[String]>([])
  func warning(collector: String, subject: String, message: String) {
    warnings.withLock { $0.append("\(subject): \(message)") }
  }
  func info(collector: String, message: String) {}
  var all: [String] { warnings.withLock { $0 } }
}

final class ResourceSink: Sendable {
  let resources = Mutex<[Resource]>([])
  let pages = Mutex<Int>(0)
  func add(_ page: [Resource]) {
    resources.withLock { $0.append(contentsOf: page) }
    pages.withLock { $0 += 1 }
  }
  var all: [Resource] { resources.withLock { $0 } }
}

func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

@Suite struct ManifestCollectorTests {
  static let kinds: [KubernetesKind] = [
    .pod, .node, .namespace, .serviceAccount, .role, .clusterRole, .roleBinding, .clusterRoleBinding,
    .networkPolicy, .service,
  ]

  @Test func readsMultiDocumentYAMLListsAndJSONFromFolders() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("nested"), withIntermediateDirectories: true)
    try """
    apiVersion: v1
    kind: Pod
    metadata: {name: a, namespace: ns}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ignored}
    ---
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa, namespace: ns, uid: u-sa}}
    """.write(to: dir.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
    try """
    {"apiVersion":"v1","kind":"PodList","items":[
      {"metadata":{"name":"b","namespace":"ns","uid":"u-b","managedFields":[{"manager":"kubectl"}]}},
      {"metadata":{"name":"c","namespace":"ns","uid":"u-c"}}]}
    """.write(to: dir.appendingPathComponent("nested/dump.json"), atomically: true, encoding: .utf8)
    try "not: [valid".write(to: dir.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
    try "ignored".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)

    let collector = ManifestCollector(paths: [dir.path], kinds: ManifestCollectorTests.kinds, pageSize: 2)
    let diagnostics = RecordingDiagnostics()
    let sink = ResourceSink()
    try await collector.collect(diagnostics: diagnostics) { sink.add($0) }

    let names = sink.all.map { "\($0.subType)/\($0.name)" }.sorted()
    #expect(names == ["Pod/a", "Pod/b", "Pod/c", "ServiceAccount/sa"])
    #expect(sink.pages.withLock { $0 } == 2)
    let b = try #require(sink.all.first { $0.name == "b" })
    #expect(b.kubernetesObject?.object["kind"] == "Pod")
    #expect(b.kubernetesObject?.object["apiVersion"] == "v1")
    #expect(b.kubernetesObject?.object[path: "metadata", "managedFields"] == nil)
    #expect(b.rawID == "u-b")
    let a = try #require(sink.all.first { $0.name == "a" })
    #expect(a.rawID == "manifest:v1/Pod/ns/a")
    #expect(diagnostics.all.count == 1)
    #expect(diagnostics.all.first?.contains("broken.yml") == true)
  }

  /// A `kubectl get pods -A -o yaml`-shaped dump of `count` pods (no `kind` on the items: `PodList`).
  static func bigYAMLDump(pods count: Int, brokenAt broken: Int? = nil) -> String {
    var text = "apiVersion: v1\nitems:\n"
    for i in 0..<count {
      if i == broken {
        text += "- metadata: {name: [unclosed\n"
        continue
      }
      text += """
        - metadata:
            name: pod-\(i)
            namespace: team-\(i % 7)
            uid: 00000000-0000-0000-0000-\(String(format: "%012d", i))
            annotations:
              note: |
                a block scalar
                - that looks like an item
          spec:
            containers:
            - name: app
              image: registry.example.com/app:\(i)
              securityContext: {privileged: \(i % 2 == 0)}

        """
    }
    return text + "kind: PodList\nmetadata:\n  resourceVersion: \"12345\"\n"
  }

  @Test func bigYAMLDumpsAreReadItemByItem() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = Self.bigYAMLDump(pods: 4000)
    #expect(text.utf8.count > 1 << 20, "large enough to be streamed")
    try text.write(to: dir.appendingPathComponent("pods.yaml"), atomically: true, encoding: .utf8)
    let sink = ResourceSink()
    let diagnostics = RecordingDiagnostics()
    try await ManifestCollector(paths: [dir.path], kinds: ManifestCollectorTests.kinds).collect(
      diagnostics: diagnostics
    ) { sink.add($0) }
    #expect(diagnostics.all.isEmpty)
    let pods = sink.all.compactMap(\.kubernetesObject).filter { $0.kind == "Pod" }
    #expect(pods.count == 4000)
    #expect(Set(pods.map(\.name)) == Set((0..<4000).map { "pod-\($0)" }))
    #expect(pods.first { $0.name == "pod-3" }?.namespace == "team-3")
    #expect(pods.first { $0.name == "pod-3" }?.object[path: "spec", "containers"]?.arrayValue?.count == 1)
  }

  @Test func aBrokenItemInABigYAMLDumpIsReportedAfterTheItemsBeforeIt() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.bigYAMLDump(pods: 4000, brokenAt: 3000).write(
      to: dir.appendingPathComponent("pods.yaml"), atomically: true, encoding: .utf8)
    try "apiVersion: v1\nkind: Namespace\nmetadata: {name: fine, uid: u-fine}\n".write(
      to: dir.appendingPathComponent("ns.yaml"), atomically: true, encoding: .utf8)
    let sink = ResourceSink()
    let diagnostics = RecordingDiagnostics()
    try await ManifestCollector(paths: [dir.path], kinds: ManifestCollectorTests.kinds).collect(
      diagnostics: diagnostics
    ) { sink.add($0) }
    let pods = sink.all.compactMap(\.kubernetesObject).filter { $0.kind == "Pod" }
    #expect(pods.count == 3000)
    #expect(diagnostics.all.count == 1)
    #expect(diagnostics.all.first?.contains("pods.yaml: cannot parse: items[3000]") == true, "\(diagnostics.all)")
    #expect(sink.all.compactMap(\.kubernetesObject).contains { $0.kind == "Namespace" && $0.name == "fine" })
  }

  @Test func missingPathsAreReportedAndNothingReadableIsAnError() async throws {
    let collector = ManifestCollector(paths: ["/nonexistent/manifests"], kinds: ManifestCollectorTests.kinds)
    let diagnostics = RecordingDiagnostics()
    await #expect(throws: CollectorError.self) {
      try await collector.collect(diagnostics: diagnostics) { _ in }
    }
    #expect(diagnostics.all == ["/nonexistent/manifests: no such file or directory"])
  }

  @Test func documentsWithoutKindAreNamedByFileAndPosition() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("x.yaml")
    try "kind: Pod\nmetadata: {name: ok}\n---\nmetadata: {name: nokind}\n".write(
      to: file, atomically: true, encoding: .utf8)
    let diagnostics = RecordingDiagnostics()
    let sink = ResourceSink()
    try await ManifestCollector(paths: [file.path], kinds: ManifestCollectorTests.kinds)
      .collect(diagnostics: diagnostics) { sink.add($0) }
    #expect(sink.all.map(\.name) == ["ok"])
    #expect(diagnostics.all == ["\(file.path) (document 2): not a Kubernetes object: no \"kind\""])
  }
}

@Suite struct ManifestStreamingTests {
  @Test func aBigJSONListIsReadWholeWhileItsPagesAreLetGo() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let items = (0..<6000).map { i in
      #"{"metadata":{"name":"pod-\#(i)","namespace":"team-\#(i % 7)","uid":"u-\#(i)","#
        + #""annotations":{"note":"\#(String(repeating: "x", count: 200))"}},"#
        + #""spec":{"containers":[{"name":"app","image":"registry.example.com/app:\#(i)"}]}}"#
    }
    let text = #"{"apiVersion":"v1","items":["# + items.joined(separator: ",\n") + #"],"kind":"PodList"}"#
    #expect(text.utf8.count > 1 << 20, "large enough to be memory-mapped")
    try text.write(to: dir.appendingPathComponent("pods.json"), atomically: true, encoding: .utf8)
    let sink = ResourceSink()
    let diagnostics = RecordingDiagnostics()
    try await ManifestCollector(paths: [dir.path], kinds: ManifestCollectorTests.kinds, pageSize: 50)
      .collect(diagnostics: diagnostics) { sink.add($0) }
    #expect(diagnostics.all.isEmpty)
    let pods = sink.all.compactMap(\.kubernetesObject)
    #expect(pods.map(\.name) == (0..<6000).map { "pod-\($0)" })
    #expect(pods.allSatisfy { $0.kind == "Pod" && $0.apiVersion == "v1" })
    #expect(
      pods[5999].object[path: "spec", "containers"]?.arrayValue?.first?["image"] == "registry.example.com/app:5999")
  }

  @Test func listItemsWithoutKindAreTypedEvenWhenTheListKindComesLast() async throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    try
      #"{"apiVersion":"rbac.authorization.k8s.io/v1","items":[{"metadata":{"name":"r1","namespace":"a","uid":"1"}},{"metadata":{"name":"r2","namespace":"a","uid":"2"}}],"kind":"RoleList"}"#
      .write(to: dir.appendingPathComponent("roles.json"), atomically: true, encoding: .utf8)
    try
      #"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","uid":"3"}},{"metadata":{"name":"untyped"}},7]}"#
      .write(to: dir.appendingPathComponent("mixed.json"), atomically: true, encoding: .utf8)
    let diagnostics = RecordingDiagnostics()
    let sink = ResourceSink()
    try await ManifestCollector(paths: [dir.path], kinds: ManifestCollectorTests.kinds)
      .collect(diagnostics: diagnostics) { sink.add($0) }
    #expect(sink.all.map { "\($0.subType)/\($0.name)" }.sorted() == ["Node/n1", "Role/r1", "Role/r2"])
    let role = try #require(sink.all.first { $0.name == "r1" })
    #expect(role.kubernetesObject?.apiVersion == "rbac.authorization.k8s.io/v1")
    #expect(diagnostics.all.count == 2)
    #expect(diagnostics.all.allSatisfy { $0.contains("mixed.json") })
  }
}
