import Benchmarks
import Findings
import Foundation
import KSPMCore
import Kubernetes
import Testing
import YAMLValue

/// Tokens of YAML and JSON manifests: structure, anchors and aliases, merge keys, tags, scalars
/// YAML 1.1 reads as booleans, and the fields the rules read.
let manifestDictionary = [
  "---\n", "...\n", ": ", "- ", "\n  ", "{", "}", "[", "]", ",", "\"", "'", "&a ", "*a", "&b [*a, *a, *a, *a]\n",
  "<<: *a\n", "<<: ", "!!str ", "!!binary ", "!!map ", "? ", "|\n", ">-\n", "#", "%YAML 1.1\n", "~", "null", "y",
  "yes", "off", "true", "\\u0000", "\\ud800", "\u{FEFF}", "\t", "\r\n", "kind: Pod\n", "kind: List\nitems:\n",
  "items:\n- ", "apiVersion: v1\n", "metadata: ", "name: ", "namespace: ", "spec: ", "containers: ", "privileged: ",
  "securityContext: ", "capabilities: ", "add: ", "hostPID: ", "rules: ", "verbs: ", "resources: ", "subjects: ",
  "roleRef: ", "automountServiceAccountToken: ", "serviceAccountName: ", "\"kind\": \"Pod\"", "\"items\": [",
  "\"metadata\": {\"name\": \"x\"}", "ClusterRoleBinding", "ServiceAccount", "NetworkPolicy", "*",
]

private let wantedKinds = fuzzBenchmark.collectionPlan.kubernetesKinds + fuzzBenchmark.collectionPlan.contextKinds
private let contextKinds = Set(fuzzBenchmark.collectionPlan.contextKinds.map(\.kind))

extension FuzzTests {
  /// The YAML and JSON readers on their own: anything parsed is written back as JSON and read
  /// again to the same value, and streamed readers end.
  @Test func manifestParsers() async throws {
    let fuzzer = Fuzzer(target: "manifest-parsers", seeds: try fuzzSeeds("manifest"), dictionary: manifestDictionary)
    let report = await fuzzer.run { bytes in
      var outcome = FuzzOutcome()
      let text = String(decoding: bytes, as: UTF8.self)
      if let documents = try? YAMLDocuments.parseAll(text) {
        outcome.accepted = true
        for document in documents { outcome.checkRoundTrip(document, "YAML document") }
      }
      if let value = try? JSONParser.parse(bytes) {
        outcome.accepted = true
        outcome.checkRoundTrip(value, "JSON document")
      }
      var stream = YAMLStreamReader(Data(bytes), streamingThreshold: 256)
      var elements = 0
      while elements <= bytes.count + 1, let element = try? stream.next() {
        elements += 1
        if case .listItem(let item, _, _, _) = element { outcome.checkRoundTrip(item, "streamed YAML item") }
      }
      outcome.check(elements <= bytes.count + 1, "the YAML stream reader gave more elements than there are bytes")
      if var list = try? JSONListReader(Data(bytes)) {
        var items = 0
        while items <= bytes.count, let item = try? list.next() {
          items += 1
          outcome.checkRoundTrip(item, "JSON list item")
        }
        outcome.check(items <= bytes.count, "the JSON list reader gave more items than there are bytes")
      }
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }

  /// A manifest file read and judged as `scan --manifests FILE` does: every object emitted has
  /// the shape the rules expect, every finding document is valid JSON, and no warning quotes a
  /// large part of the input.
  @Test(arguments: ["yaml", "json"])
  func manifestScan(extension fileExtension: String) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("manifest.\(fileExtension)")
    let fuzzer = Fuzzer(
      target: "manifest-scan-\(fileExtension)", seeds: try fuzzSeeds("manifest"), dictionary: manifestDictionary)
    let report = await fuzzer.run { bytes in
      try Data(bytes).write(to: file)
      let warnings = CollectedLines()
      let resources = CollectedResources()
      var outcome = FuzzOutcome()
      do {
        try await ManifestCollector(paths: [file.path], kinds: wantedKinds, pageSize: 16)
          .collect(diagnostics: warnings) { resources.add($0) }
      } catch {
        // Nothing in the file could be used: the scan stops with this error.
        outcome.checkLineLengths([String(describing: error)], allowance: file.path.count)
      }
      var context = ClusterContextBuilder()
      for resource in resources.all {
        guard let object = resource.kubernetesObject else { continue }
        outcome.check(
          ObjectShape.problem(object.object) == nil, "\(object.kind) \(object.name) of the wrong shape was emitted")
        if contextKinds.contains(object.kind) { context.add(object) }
      }
      for resource in resources.all {
        if !outcome.judge(resource, context: context.result).isEmpty { outcome.accepted = true }
      }
      let ids = resources.all.map(fuzzEncoder.resourceID(for:))
      outcome.check(Set(ids).count == ids.count, "two resources share a resource id")
      outcome.checkLineLengths(warnings.all, allowance: 2 * file.path.count)
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }
}

extension FuzzOutcome {
  /// A value written as JSON reads back as the same value.
  mutating func checkRoundTrip(_ value: JSONValue, _ what: String) {
    let written = JSONWriter.serialize(value)
    guard let read = try? JSONParser.parse(written) else {
      violations.append("a \(what) written as JSON does not parse")
      return
    }
    check(jsonEquivalent(value, read), "a \(what) written as JSON reads back differently")
  }
}
