import Foundation
import KSPMCore
import Report
import TestSupport
import Testing

/// Runs the built `kspmbeat` binary (next to the test bundle) and captures its output.
func runKSPMBeat(_ arguments: [String]) async throws -> ChildProcess.Result {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("kspmbeat")
  return try await ChildProcess.run(binary.path, arguments: arguments)
}

@Suite struct CommandLineTests {
  /// `kubectl get … -o yaml | kspmbeat scan --manifests -`: standard input is read (once, though
  /// the cluster context and the rules both read the manifests).
  @Test func manifestsFromStandardInput() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("dump.yaml")
    try """
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: ServiceAccount, metadata: {name: web, namespace: shop, uid: sa}, automountServiceAccountToken: false}
    - {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop, uid: p}, spec: {serviceAccountName: web, containers: [{name: c}]}}
    """.write(to: input, atomically: true, encoding: .utf8)
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let result = try await ChildProcess.run(
      "/bin/sh", arguments: ["-c", "'\(binary)' scan --manifests - --format ndjson < '\(input.path)'"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    let docs = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    let token = docs.first {
      $0[path: "rule", "benchmark", "rule_number"] == "5.1.6" && $0[path: "resource", "sub_type"] == "Pod"
    }
    #expect(token?[path: "result", "evaluation"] == "passed", "the account read from standard input counts")
  }

  /// `kspmbeat scan … | head`: the reader goes away; the scan ends with a message, not SIGPIPE.
  @Test func aClosedStandardOutputEndsTheScanWithAMessage() async throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let result = try await ChildProcess.run(
      "/bin/bash",
      arguments: ["-c", "'\(binary)' scan --demo --format ndjson | head -c 10 > /dev/null; echo \"${PIPESTATUS[0]}\""])
    #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "exit status 3, not 141 (SIGPIPE)")
    #expect(result.stderr.contains("standard output was closed"), "\(result.stderr)")
    #expect(!result.stderr.contains("CancellationError"))
  }

  @Test func scanOfManifestsKeepsGoingPastABrokenFile() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n"
      .write(to: folder.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
    try "kind: Pod\nmetadata: {name: [broken\n".write(
      to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--manifests", folder.path, "--format", "ndjson"])
    #expect(result.status == 0)
    let warnings = result.stderr.split(separator: "\n")
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains("bad.yaml") == true)
    let docs = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    #expect(!docs.isEmpty)
    #expect(docs.allSatisfy { $0[path: "resource", "name"] == "web" })
    let hostPID = docs.first { $0[path: "rule", "benchmark", "rule_number"] == "5.2.3" }
    #expect(hostPID?[path: "result", "evaluation"] == "failed")
  }

  @Test func nothingScannableExitsNonZeroWithAMessage() async throws {
    let result = try await runKSPMBeat(["scan", "--manifests", "/nonexistent/manifests", "--format", "table"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("/nonexistent/manifests: no such file or directory"))
    #expect(result.stderr.contains("nothing could be scanned"))
  }

  @Test func statsLineCountsWhatWasWrittenAndTimesEachStage() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "ndjson", "--stats"])
    #expect(result.status == 0)
    let stats = CycleStatsText.values(in: result.stderr)
    #expect(stats["findings"] == Double(result.stdout.split(separator: "\n").count))
    #expect((stats["resources"] ?? 0) > 0)
    for key in ["cycle_s", "collect_s", "evaluate_s", "encode_s", "queue_s"] { #expect(stats[key] != nil) }
  }

  @Test func unknownBenchmarkIsAUsageError() async throws {
    let result = try await runKSPMBeat(["scan", "--benchmark", "cis_gke", "--demo"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cis_gke"))
  }

  @Test func rulesListsTheWholeBenchmark() async throws {
    let result = try await runKSPMBeat(["rules", "--benchmark", "cis_k8s"])
    #expect(result.status == 0)
    let ruleLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
    #expect(ruleLines.count == 92)
    #expect(result.stdout.contains("c444d9e3-d3de-5598-90e7-95a922b51664"))
    #expect(result.stdout.contains("API Server"))
  }

  @Test func rulesListsTheEKSBenchmark() async throws {
    let result = try await runKSPMBeat(["rules", "--benchmark", "cis_eks"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("CIS Amazon Elastic Kubernetes Service (EKS) (cis_eks v1.0.1): 31 rules\n"))
    let ruleLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
    #expect(ruleLines.count == 31)
    // 2.1.1 Enable audit Logs, by its Kibana rule id.
    #expect(result.stdout.contains("66cd0518-cfa3-5917-a399-a7dfde4e19db"))
    #expect(result.stdout.contains("Cluster Networking"))
  }

  @Test func demoTableIsPrinted() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "table"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("CIS Kubernetes V1.23"))
    #expect(result.stdout.contains("Overall"))
    #expect(result.stdout.contains("Failed rules"))
  }

  @Test func clusterIDAndNameCanBeGiven() async throws {
    let result = try await runKSPMBeat([
      "scan", "--demo", "--format", "ndjson", "--cluster-id", "prod-eu-1", "--cluster-name", "Production EU",
    ])
    #expect(result.status == 0)
    let documents = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    #expect(documents.count > 100)
    #expect(documents.allSatisfy { $0["cluster_id"]?.stringValue == "prod-eu-1" })
    #expect(documents.allSatisfy { $0[path: "orchestrator", "cluster", "id"]?.stringValue == "prod-eu-1" })
    #expect(documents.allSatisfy { $0[path: "orchestrator", "cluster", "name"]?.stringValue == "Production EU" })
  }
}

@Suite struct CommandLineErrorTests {
  @Test func aHostRootThatDoesNotExistIsAUsageError() async throws {
    let result = try await runKSPMBeat(["scan", "--host-root", "/nonexistent-root", "--skip-cluster"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--host-root /nonexistent-root is not a folder"))
  }

  @Test func manifestsThatAllFailToParseMeanNothingWasScanned() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = folder.appendingPathComponent("bad.yaml")
    try Data([0, 1, 2, 0x67]).write(to: bad)
    try "{\"kind\": \"PodList\", \"items\": [".write(
      to: folder.appendingPathComponent("cut.json"), atomically: true, encoding: .utf8)
    let result = try await runKSPMBeat(["scan", "--manifests", folder.path, "--format", "table"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.yaml: cannot parse"))
    #expect(result.stderr.contains("cut.json: cannot parse"))
    #expect(result.stderr.contains("nothing could be scanned"))
  }
}

@Suite struct InterruptedScanTests {
  /// An interrupted demo scan leaves nothing behind in the temporary folder.
  @Test func anInterruptedDemoRemovesItsTemporaryFolder() async throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    // The scan writes into a FIFO that is open but never read: it stalls once the pipe is full,
    // with its folder in place, until it is stopped.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = """
      mkfifo '\(folder.path)/out'
      exec 3<>'\(folder.path)/out'
      '\(binary)' scan --demo --format ndjson >&3 2> '\(folder.path)/err' &
      pid=$!
      for i in $(seq 1 100); do ls /tmp | grep -q "kspmbeat-demo-$pid-" && break; sleep 0.1; done
      sleep 1
      before=$(ls /tmp | grep -c "kspmbeat-demo-$pid-")
      kill -TERM $pid
      wait $pid; status=$?
      after=$(ls /tmp | grep -c "kspmbeat-demo-$pid-")
      echo "$before $after $status"
      """
    let result = try await ChildProcess.run("/bin/bash", arguments: ["-c", script])
    #expect(
      result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1 0 143", "\(result.stdout) \(result.stderr)")
  }
}
