import Foundation
import KSPMCore
import Testing

/// `scan --baseline previous.ndjson`, from the built binary: new, fixed and unchanged failures by
/// rule id and resource id, `--fail-on new`, and clear errors for files that are not a baseline.
@Suite struct ScanBaselineTests {
  static func pod(_ name: String, privileged: Bool) -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata: {name: \(name), namespace: shop}
    spec:
      containers:
      - name: c
        image: nginx
        securityContext: {privileged: \(privileged)}
    ---

    """
  }

  /// Scans `pods` (name → privileged) as manifests with `arguments`.
  static func scan(_ pods: [(String, Bool)], in folder: URL, _ arguments: [String]) async throws
    -> (status: Int32, stdout: String, stderr: String)
  {
    let manifests = folder.appendingPathComponent("pods.yaml")
    try pods.map { pod($0.0, privileged: $0.1) }.joined().write(to: manifests, atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--manifests", manifests.path] + arguments)
    return (result.status, result.stdout, result.stderr)
  }

  static func entries(_ summary: JSONValue, _ list: String, rule: String) -> [String] {
    (summary[path: "baseline", list]?.arrayValue ?? []).filter { $0["rule"]?.stringValue == rule }
      .compactMap { $0["resource"]?.stringValue }.sorted()
  }

  @Test func newFixedAndUnchangedFailuresAreTold() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try await Self.scan([("a", true), ("b", false)], in: folder, ["--format", "ndjson"])
    #expect(before.status == 0, "\(before.stderr)")
    let baseline = folder.appendingPathComponent("previous.ndjson")
    try before.stdout.write(to: baseline, atomically: true, encoding: .utf8)

    let after = try await Self.scan(
      [("a", false), ("b", true), ("c", true)], in: folder, ["--format", "json", "--baseline", baseline.path])
    #expect(after.status == 0, "\(after.stderr)")
    let summary = try JSONParser.parse(after.stdout)
    #expect(Self.entries(summary, "new", rule: "5.2.2") == ["Pod shop/b", "Pod shop/c"])
    #expect(Self.entries(summary, "fixed", rule: "5.2.2") == ["Pod shop/a"])
    #expect(summary[path: "baseline", "fixed"]?.arrayValue?.first { $0["rule"] == "5.2.2" }?["summary"] == "passes now")
    // A rule that fails on every Pod either way: a and b unchanged, c new.
    let unchanged = summary[path: "baseline", "unchanged"]?.arrayValue ?? []
    #expect(!unchanged.isEmpty)
    #expect(!unchanged.contains { $0["resource"] == "Pod shop/c" })
    #expect(
      summary[path: "baseline", "counts", "new"]?.intValue
        == Int64(summary[path: "baseline", "new"]?.arrayValue?.count ?? -1))
    #expect(summary[path: "baseline", "path"] == .string(baseline.path))

    let table = try await Self.scan(
      [("a", false), ("b", true), ("c", true)], in: folder, ["--format", "table", "--baseline", baseline.path])
    #expect(table.stdout.contains("Compared with \(baseline.path)"), "\(table.stdout)")
    #expect(table.stdout.contains("New failures ("))
    #expect(table.stdout.contains("+ 5.2.2  Pod shop/c: found"))
    #expect(table.stdout.contains("- 5.2.2  Pod shop/a: passes now"))
    #expect(table.stdout.contains("Unchanged failures ("))
  }

  @Test func failOnNewFailsOnlyOnNewFailures() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try await Self.scan([("a", true)], in: folder, ["--format", "ndjson"])
    let baseline = folder.appendingPathComponent("previous.ndjson")
    try before.stdout.write(to: baseline, atomically: true, encoding: .utf8)
    // The same failures again: the gate passes although findings fail.
    let same = try await Self.scan(
      [("a", true)], in: folder, ["--format", "json", "--baseline", baseline.path, "--fail-on", "new"])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(try JSONParser.parse(same.stdout)[path: "totals", "findings", "failed"]?.intValue ?? 0 > 0)
    let worse = try await Self.scan(
      [("a", true), ("z", true)], in: folder, ["--format", "json", "--baseline", baseline.path, "--fail-on", "new"])
    #expect(worse.status == 4, "\(worse.stderr)")
    #expect(worse.stderr.contains("that did not fail in the baseline (--fail-on new)"), "\(worse.stderr)")
    #expect(try JSONParser.parse(worse.stdout)[path: "exit", "status"] == 4)
  }

  @Test func failOnNewNeedsABaseline() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--fail-on", "new"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--fail-on new compares with a baseline: give --baseline FILE"), "\(result.stderr)")
  }

  @Test(arguments: [
    ("missing", "does not exist"),
    ("summary", "line 1: a summary, not a finding"),
    ("garbage", "line 2: not valid JSON"),
    ("other", "line 1: not a kspmbeat finding document"),
    ("eks", "its findings are of cis_eks; this scan runs cis_k8s"),
  ])
  func badBaselinesAreUsageErrors(kind: String, message: String) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("baseline.ndjson")
    switch kind {
    case "summary":
      let summary = try await runKSPMBeat(["scan", "--demo", "--format", "json"])
      try summary.stdout.write(to: file, atomically: true, encoding: .utf8)
    case "garbage":
      let findings = try await runKSPMBeat(["scan", "--demo", "--format", "ndjson", "--rules", "1.1.1"])
      try (findings.stdout + "this is not json\n").write(to: file, atomically: true, encoding: .utf8)
    case "other": try "{\"hello\": \"world\"}\n".write(to: file, atomically: true, encoding: .utf8)
    case "eks":
      let findings = try await runKSPMBeat(["scan", "--demo", "--benchmark", "cis_eks", "--format", "ndjson"])
      try findings.stdout.write(to: file, atomically: true, encoding: .utf8)
    default: break
    }
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--baseline", file.path])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("kspmbeat: error: baseline \(file.path)"), "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }
}
