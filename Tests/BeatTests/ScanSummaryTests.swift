import Benchmarks
import Foundation
import KSPMCore
import Testing

/// `scan --format json` and the table, from the built binary: every rule of the benchmark appears
/// with a status, failed rules say what was found, what was expected and how to fix it.
@Suite struct ScanSummaryTests {
  static func json(_ arguments: [String]) async throws -> (JSONValue, String) {
    let result = try await runKSPMBeat(["scan", "--format", "json"] + arguments)
    #expect([0, 4].contains(result.status), "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 1, "one JSON object")
    return (try JSONParser.parse(result.stdout), result.stderr)
  }

  static func rules(_ summary: JSONValue) -> [String: JSONValue] {
    Dictionary(
      uniqueKeysWithValues: (summary["rules"]?.arrayValue ?? []).map { ($0["number"]?.stringValue ?? "", $0) })
  }

  @Test func theJSONSummaryHasTotalsSectionsAndEveryRule() async throws {
    let (summary, _) = try await Self.json(["--demo"])
    #expect(summary[path: "benchmark", "id"] == "cis_k8s")
    #expect(summary["score"]?.doubleValue == 68.0)
    #expect(summary[path: "totals", "findings", "passed"] == 102)
    #expect(summary[path: "totals", "findings", "failed"] == 48)
    #expect(summary[path: "totals", "rules", "total"] == 125)
    #expect(summary[path: "totals", "rules", "failed"] == 34)
    #expect(summary[path: "totals", "rules", "manual"] == 33)
    let numbers = (summary["rules"]?.arrayValue ?? []).compactMap { $0["number"]?.stringValue }
    #expect(numbers == CISKubernetes.table.numbers.sorted(by: { Self.numberLess($0, $1) }))
    let statuses = Set((summary["rules"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue })
    #expect(statuses.isSubset(of: ["passed", "failed", "not_applicable", "manual", "filtered_out", "not_evaluated"]))
    let sum = ["passed", "failed", "not_applicable", "manual", "filtered_out", "not_evaluated"].reduce(Int64(0)) {
      $0 + (summary[path: "totals", "rules", $1]?.intValue ?? 0)
    }
    #expect(sum == 125)

    let rules = Self.rules(summary)
    let scheduler = try #require(rules["1.1.5"])
    #expect(scheduler["status"] == "failed")
    #expect(scheduler["id"] == "b1b40df2-f562-564a-9d43-94774e1698d1")
    #expect(scheduler[path: "findings", "failed"] == 1)
    #expect(scheduler["remediation"]?.stringValue?.contains("chmod") == true)
    let failing = try #require(scheduler["failing"]?.arrayValue?.first)
    #expect(failing["resource"] == "file /etc/kubernetes/manifests/kube-scheduler.yaml")
    #expect(failing["summary"] == "found filemode: 664; expected filemode: 644")
    #expect(failing[path: "expected", "filemode"] == "644")
    let manual = try #require(rules["3.2.1"])
    #expect(manual["status"] == "manual")
    #expect(manual["audit"]?.stringValue?.contains("--audit-policy-file") == true)
    #expect(manual["id"] == nil, "a manual rule has no Kibana rule id")
    #expect(rules["1.1.1"]?["status"] == "passed")
    #expect(rules["1.1.1"]?["remediation"] == nil, "remediation only for failed rules")

    let sections = summary["sections"]?.arrayValue ?? []
    let logging = try #require(sections.first { $0["number"] == "3.2" })
    #expect(logging["note"] == "manual: 2 to audit by hand")
    #expect(logging["score"] == .null)
    let apiServer = try #require(sections.first { $0["number"] == "1.2" })
    #expect(apiServer["score"]?.doubleValue == 64.3)
    #expect(summary[path: "exit", "status"] == 0)
    #expect((summary["collectors"]?.arrayValue ?? []).map { $0["name"] } == ["manifests", "file-system", "process"])
  }

  @Test func aWorkerNodeSaysWhyTheControlPlaneRulesDoNotApply() async throws {
    let root = try WorkerNodeScanTests.workerRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let (summary, _) = try await Self.json(["--host-root", root.path, "--skip-cluster"])
    let rules = Self.rules(summary)
    #expect(rules["2.1"]?["status"] == "not_applicable")
    #expect(rules["2.1"]?["reason"] == "etcd does not run on this node")
    #expect(rules["1.1.1"]?["reason"] == "/etc/kubernetes/manifests/kube-apiserver.yaml does not exist on this node")
    #expect(rules["1.2.7"]?["reason"] == "kube-apiserver does not run on this node")
    #expect(rules["4.2.4"]?["status"] == "passed")
    #expect(rules["5.2.2"]?["status"] == "not_evaluated")
    #expect(rules["5.2.2"]?["reason"] == "cluster objects were not read (--skip-cluster)")
    let sections = summary["sections"]?.arrayValue ?? []
    #expect(sections.first { $0["number"] == "2" }?["note"] == "6 not applicable, 1 manual")
    #expect(
      sections.first { $0["number"] == "1.4" }?["note"] == "not applicable: kube-scheduler does not run on this node")
    #expect(summary[path: "totals", "rules", "total"] == 125)
  }

  @Test func theTableListsEveryRuleAndTellsWhatToDo() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "table"])
    #expect(result.status == 0)
    let table = result.stdout
    #expect(table.contains("rules: 125 (58 passed, 34 failed, 33 manual)"))
    for number in CISKubernetes.table.numbers {
      #expect(
        table.range(of: "[ ,]\(NSRegularExpression.escapedPattern(for: number))[ ,\n]", options: .regularExpression)
          != nil, "\(number)")
    }
    // Evidence and expected value on one line, paths on the node, full process names.
    #expect(
      table.contains(
        "- file /etc/kubernetes/manifests/kube-scheduler.yaml: found filemode: 664; expected filemode: 644"))
    #expect(
      table.contains(
        "- process kube-controller-manager: found --profiling: true (default); expected --profiling: false"))
    #expect(!table.contains("/tmp/"), "no host-root prefix in the table")
    #expect(!table.contains("process kube-controller:"), "never the kernel's 15-character name")
    // The remediation follows each failed rule, without Markdown fences.
    let scheduler = try #require(table.range(of: "✗ 1.1.5"))
    let after = table[scheduler.upperBound...]
    #expect(after.contains("Remediation:\n      On each control plane node run:"))
    #expect(!table.contains("```"))
    // Manual rules with their audit text; sections with nothing judged say why.
    #expect(table.contains("• 3.2.1  Ensure that a minimal audit policy is created\n    `pgrep -a kube-apiserver"))
    #expect(
      table.contains(
        "3.2 Logging                                       0        0        -  manual: 2 to audit by hand"))
  }

  @Test func podsOfOneWorkloadAreOneEntry() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var documents: [String] = []
    for suffix in ["a1b2c", "d3e4f", "g5h6i"] {
      documents.append(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-5c6b7d8f9-\(suffix)
          namespace: shop
          uid: uid-\(suffix)
          labels: {app: web, pod-template-hash: 5c6b7d8f9}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5c6b7d8f9, uid: rs, controller: true}]
        spec:
          hostNetwork: true
          containers: [{name: app, image: nginx}]
        """)
    }
    documents.append(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: lonely, namespace: shop, uid: l}\nspec:\n  hostNetwork: true\n  containers: [{name: c}]"
    )
    try documents.joined(separator: "\n---\n").write(
      to: folder.appendingPathComponent("pods.yaml"), atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--manifests", folder.path, "--format", "table", "--rules", "5.2.5"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("    4 failed, 0 passed"))
    #expect(
      result.stdout.contains("- Deployment shop/web (3 Pods): found hostNetwork: true; expected hostNetwork: false"))
    #expect(result.stdout.contains("- Pod shop/lonely: found hostNetwork: true"))
    #expect(!result.stdout.contains("… and"), "every failing Pod is accounted for")
  }

  static func numberLess(_ a: String, _ b: String) -> Bool {
    a.split(separator: ".").map { Int($0) ?? 0 }.lexicographicallyPrecedes(b.split(separator: ".").map { Int($0) ?? 0 })
  }
}
