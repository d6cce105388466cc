import Foundation
import KSPMCore
import TestSupport
import Testing

/// `scan --exceptions FILE`, from the built binary: excepted findings are shown apart, left out of
/// the score and marked in their documents (still `failed`); expired exceptions count again, with
/// a warning naming them; bad files are usage errors naming the file, the line and the key.
@Suite struct ScanExceptionsTests {
  /// Excepts the demo's scheduler manifest (1.1.5) until far in the future, the node-debugger Pod
  /// for 5.2.* until yesterday (expired), and one rule that never fails in the demo.
  static func exceptionsFile(in folder: URL) throws -> URL {
    let file = folder.appendingPathComponent("exceptions.yaml")
    try """
    exceptions:
      - rules: ["1.1.5"]
        kind: file
        name: /etc/kubernetes/manifests/*
        reason: the scheduler manifest is managed by our installer
        owner: platform-team
        expires: 2999-12-31
      - rules: 5.2.*
        namespace: default
        kind: Pod
        name: node-debugger
        reason: break-glass debugging pod
        owner: sre@example.com
        expires: 2020-01-31
      - rules: ["1.1.1"]
        reason: never needed
        owner: nobody
    """.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  /// Runs `kspmbeat scan --demo` with ``exceptionsFile(in:)`` and `arguments`.
  static func demo(_ arguments: [String]) async throws -> ChildProcess.Result {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try exceptionsFile(in: folder)
    return try await runKSPMBeat(["scan", "--demo", "--exceptions", file.path] + arguments)
  }

  @Test func exceptedFindingsAreShownApartAndNotScored() async throws {
    let result = try await Self.demo(["--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONParser.parse(result.stdout)
    // The demo: 102 passed, 48 failed; one failure (1.1.5) is excepted: 102 / 149.
    #expect(summary[path: "totals", "findings", "passed"] == 102)
    #expect(summary[path: "totals", "findings", "failed"] == 47)
    #expect(summary[path: "totals", "findings", "excepted"] == 1)
    #expect(summary["score"]?.doubleValue == 68.5)
    #expect(summary[path: "totals", "rules", "excepted"] == 1)
    let rules = ScanSummaryTests.rules(summary)
    let scheduler = try #require(rules["1.1.5"])
    #expect(scheduler["status"] == "excepted")
    #expect(scheduler["reason"] == "the scheduler manifest is managed by our installer")
    #expect(scheduler[path: "excepted"]?.arrayValue?.first?["owner"] == "platform-team")
    // Nothing is excepted silently: every exception with what it did.
    let exceptions = try #require(summary["exceptions"]?.arrayValue)
    #expect(exceptions.count == 3)
    #expect(exceptions[0]["excepted"] == 1)
    #expect(exceptions[0]["origin"]?.stringValue?.hasSuffix("exceptions.yaml:2") == true)
    #expect(exceptions[1]["expired"] == true)
    #expect(exceptions[1]["excepted"] == 0)
    #expect((exceptions[1]["lapsed"]?.intValue ?? 0) >= 1, "the expired exception's findings count again")
    #expect(exceptions[2]["excepted"] == 0)
    // The expired one is named in a warning.
    #expect(result.stderr.contains("kspmbeat: warning: exception rules 5.2.*"), "\(result.stderr)")
    #expect(result.stderr.contains("expired (expires 2020-01-31)"), "\(result.stderr)")
    #expect(result.stderr.contains("count again"), "\(result.stderr)")
    // 5.2.2 still fails on node-debugger: the expired exception does not apply.
    #expect(rules["5.2.2"]?["status"] == "failed")
  }

  @Test func theTableListsExceptedFindingsAndEveryException() async throws {
    let result = try await Self.demo(["--format", "table"])
    #expect(result.status == 0, "\(result.stderr)")
    let table = result.stdout
    #expect(table.contains("Excepted (1 findings of 1 rules): accepted failures, not in the score"), "\(table)")
    #expect(table.contains("~ 1.1.5"))
    #expect(table.contains("excepted: the scheduler manifest is managed by our installer (owner platform-team"))
    #expect(table.contains("Exceptions (3)"))
    #expect(table.contains("EXPIRED (expires 2020-01-31)"))
    #expect(table.contains("matched no failed finding"))
    #expect(table.contains("68.5%"))
    #expect(!table.contains("✗ 1.1.5"), "an excepted rule is not among the failed rules")
  }

  @Test func documentsStayFailedAndCarryTheException() async throws {
    let result = try await Self.demo(["--format", "ndjson"])
    #expect(result.status == 0, "\(result.stderr)")
    let docs = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    let marked = docs.filter { $0[path: "kspmbeat", "exception"] != nil }
    #expect(marked.count == 1)
    let doc = try #require(marked.first)
    #expect(doc[path: "rule", "benchmark", "rule_number"] == "1.1.5")
    #expect(doc[path: "result", "evaluation"] == "failed", "result.evaluation stays honest")
    #expect(doc[path: "event", "outcome"] == "failure")
    #expect(
      doc[path: "kspmbeat", "exception"]
        == [
          "reason": "the scheduler manifest is managed by our installer", "owner": "platform-team",
          "expires": "3000-01-01T00:00:00.000Z",
        ])
  }

  @Test func failOnFailedIgnoresExceptedFindings() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("x.yaml")
    try """
    exceptions:
      - {rules: "1.1.5", reason: accepted, owner: me}
    """.write(to: file, atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat([
      "scan", "--demo", "--format", "json", "--rules", "1.1.1,1.1.5", "--fail-on", "failed", "--exceptions", file.path,
    ])
    #expect(result.status == 0, "only 1.1.5 fails, and it is excepted: \(result.stderr)")
  }

  @Test(arguments: [
    ("exceptions:\n  - rules: [\"1.1.5\"]\n    owner: me\n", "x.yaml:2: exceptions[0].reason: is required"),
    (
      "exceptions:\n  - rules: [\"1.1.5\"]\n    reason: r\n    owner: me\n    expires: next week\n",
      "x.yaml:5: exceptions[0].expires: \"next week\" is not a day (2026-12-31)"
    ),
    ("exceptions:\n  - reason: r\n    owner: me\n", "x.yaml:2: exceptions[0].rules: is required"),
    ("exceptions: {rules: x}\n", "x.yaml:1: exceptions: is not a list of exceptions"),
    (
      "exceptions:\n  - rules: 1.1.5\n    reason: r\n    owner: me\n    labels: {app: }\n",
      "exceptions[0].labels.app: needs a value"
    ),
    ("exceptions: [\n", "x.yaml: invalid YAML at line"),
  ])
  func badExceptionFilesAreUsageErrorsNamingTheFileLineAndKey(text: String, message: String) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("x.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--exceptions", file.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("kspmbeat: error: invalid exceptions: "), "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func unknownKeysAndPatternsMatchingNoRuleWarn() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("x.yaml")
    try """
    exceptions:
      - rules: ["9.9.*"]
        reason: r
        owner: me
        namespaces: typo
    """.write(to: file, atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--exceptions", file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("exceptions[0].namespaces (line 5): unknown setting"), "\(result.stderr)")
    #expect(result.stderr.contains("\"9.9.*\" matches no checked rule of cis_k8s"), "\(result.stderr)")
  }
}
