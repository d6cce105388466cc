import Foundation
import KSPMCore
import Testing

/// `scan --format sarif`, from the built binary, validated against the official SARIF 2.1.0 JSON
/// schema (`Tests/Fixtures/sarif/`) with python3's `jsonschema`: the test fails, not skips, when
/// the validator is missing.
@Suite struct SARIFReportTests {
  static let validator = """
    import json, sys
    import jsonschema
    schema = json.load(open(sys.argv[1]))
    log = json.load(open(sys.argv[2]))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    for error in errors[:20]:
        print("/".join(str(p) for p in error.path) + ": " + error.message)
    sys.exit(1 if errors else 0)
    """

  static func sarif(_ arguments: [String], folder: URL) async throws -> (URL, JSONValue) {
    let result = try await runKSPMBeat(["scan", "--format", "sarif"] + arguments)
    #expect([0, 4].contains(result.status), "\(result.stderr)")
    let file = folder.appendingPathComponent("scan.sarif")
    try result.stdout.write(to: file, atomically: true, encoding: .utf8)
    return (file, try JSONParser.parse(result.stdout))
  }

  static func validate(_ file: URL) async throws {
    let check = try await runPython(
      validator, [fixture("sarif/sarif-schema-2.1.0.json").path, file.path])
    #expect(
      check.status == 0, "SARIF does not validate (or python3's jsonschema is missing): \(check.stdout)\(check.stderr)")
  }

  @Test func theDemoValidatesAndHasOneResultPerFailedFinding() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let exceptions = try ScanExceptionsTests.exceptionsFile(in: folder)
    let (file, log) = try await Self.sarif(["--demo", "--exceptions", exceptions.path], folder: folder)
    try await Self.validate(file)
    #expect(log["version"] == "2.1.0")
    let run = try #require(log["runs"]?.arrayValue?.first)
    #expect(run[path: "tool", "driver", "name"] == "kspmbeat")
    let rules = run[path: "tool", "driver", "rules"]?.arrayValue ?? []
    #expect(rules.count == 92, "every checked rule of cis_k8s")
    let results = run["results"]?.arrayValue ?? []
    // 48 failed findings, one of them excepted (a suppressed result).
    #expect(results.count == 48)
    let suppressed = results.filter { $0["suppressions"] != nil }
    #expect(suppressed.count == 1)
    #expect(suppressed.first?[path: "suppressions"]?.arrayValue?.first?["status"] == "accepted")
    for result in results {
      let index = Int(result["ruleIndex"]?.intValue ?? -1)
      #expect(rules.indices.contains(index))
      #expect(rules[index]["id"] == result["ruleId"], "ruleIndex and ruleId name the same rule")
      #expect(["error", "warning"].contains(result["level"]?.stringValue ?? ""))
      #expect(result["locations"]?.arrayValue?.count == 1)
    }
    let scheduler = try #require(results.first { $0["ruleId"] == "cis_k8s/1.1.5" })
    #expect(
      scheduler[path: "locations"]?.arrayValue?.first?[path: "physicalLocation", "artifactLocation"]
        == ["uri": "etc/kubernetes/manifests/kube-scheduler.yaml", "uriBaseId": "NODE_ROOT"])
    #expect(scheduler[path: "message", "text"]?.stringValue?.contains("found filemode: 664") == true)
    let debugger = try #require(
      results.first {
        $0["ruleId"] == "cis_k8s/5.2.2"
          && $0[path: "properties", "resource"] == "Pod default/node-debugger"
      })
    let location = debugger[path: "locations"]?.arrayValue?.first
    #expect(
      location?[path: "logicalLocations"]?.arrayValue?.first?["fullyQualifiedName"] == "Pod/default/node-debugger")
    // Read from a manifest file: located in that file.
    #expect(
      location?[path: "physicalLocation", "artifactLocation", "uri"]?.stringValue?.hasSuffix("30-pods.yaml") == true)
    #expect(rules.first { $0["id"] == "cis_k8s/1.1.5" }?[path: "help", "text"]?.stringValue?.contains("chmod") == true)
  }

  @Test func clusterObjectsAndProcessesHaveLocationsAndBaselineStates() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try await ScanBaselineTests.scan([("a", true)], in: folder, ["--format", "ndjson"])
    let baseline = folder.appendingPathComponent("previous.ndjson")
    try before.stdout.write(to: baseline, atomically: true, encoding: .utf8)
    let manifests = folder.appendingPathComponent("pods.yaml")
    try (ScanBaselineTests.pod("a", privileged: true) + ScanBaselineTests.pod("b", privileged: true)).write(
      to: manifests, atomically: true, encoding: .utf8)
    let (file, log) = try await Self.sarif(
      ["--manifests", manifests.path, "--baseline", baseline.path], folder: folder)
    try await Self.validate(file)
    let results = log[path: "runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
    let states = Dictionary(
      grouping: results.filter { $0["ruleId"] == "cis_k8s/5.2.2" },
      by: { $0[path: "properties", "resource"]?.stringValue ?? "" })
    #expect(states["Pod shop/a"]?.first?["baselineState"] == "unchanged")
    #expect(states["Pod shop/b"]?.first?["baselineState"] == "new")
    #expect(
      results.allSatisfy { $0[path: "partialFingerprints", "kspmbeatFinding/v1"]?.stringValue?.isEmpty == false })
  }
}
