import Beat
import Benchmarks
import Engine
import Foundation
import KSPMCore
import Report
import Synchronization
import TestSupport
import Testing

final class LineSink: Sendable {
  let lines = Mutex<[String]>([])
  func add(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}

/// Reads an NDJSON file into parsed documents.
func readDocuments(_ path: String) throws -> [JSONValue] {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
}

func verdict(_ docs: [JSONValue], rule: String, resourceName: String? = nil) -> [String] {
  docs.filter { doc in
    doc[path: "rule", "benchmark", "rule_number"]?.stringValue == rule
      && (resourceName == nil || doc[path: "resource", "name"]?.stringValue?.hasSuffix(resourceName!) == true)
  }.compactMap { $0[path: "result", "evaluation"]?.stringValue }
}

@Suite struct DemoScanTests {
  @Test func demoShowsEverySectionWithRealVerdicts() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var options = ScanOptions()
    options.demo = true
    options.format = .table
    options.output = folder.appendingPathComponent("findings.ndjson").path
    let lines = LineSink()
    let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
    #expect(report.exitCode == 0)
    #expect(lines.all.isEmpty, "the demo should scan without warnings: \(lines.all)")

    let sections = report.summary.sections.map(\.number)
    #expect(sections == ["1.1", "1.2", "1.3", "1.4", "2", "4.1", "4.2", "5.1", "5.2"])
    for section in report.summary.sections {
      #expect(section.passed + section.failed > 0)
    }
    #expect(report.summary.passed > 0 && report.summary.failed > 0)

    let docs = try readDocuments(options.output!)
    #expect(docs.count == report.documents)
    #expect(docs.count == report.summary.passed + report.summary.failed)
    let ruleIDs = Set(CISKubernetes.shared.rules.map(\.id))
    for doc in docs {
      #expect(ruleIDs.contains(doc[path: "rule", "id"]?.stringValue ?? ""))
      #expect(doc["cluster_id"] == "5d3c1e0a-7f4b-4c2e-9a61-3e8f2b7d9c10")
    }
    #expect(verdict(docs, rule: "1.1.1") == ["passed"])  // kube-apiserver.yaml 600
    #expect(verdict(docs, rule: "1.1.5") == ["failed"])  // kube-scheduler.yaml 664
    #expect(verdict(docs, rule: "1.1.13") == ["failed"])  // admin.conf 640
    #expect(verdict(docs, rule: "1.2.2") == ["failed"])  // --token-auth-file is set
    #expect(verdict(docs, rule: "1.2.7") == ["passed"])  // Node,RBAC
    #expect(verdict(docs, rule: "1.4.1") == ["passed"])  // scheduler --profiling=false
    #expect(verdict(docs, rule: "1.3.2") == ["failed"])  // controller-manager profiling default true
    #expect(verdict(docs, rule: "2.6") == ["failed"])  // etcd --peer-auto-tls=true
    #expect(verdict(docs, rule: "4.2.1") == ["passed"])  // anonymous auth off in the config file
    #expect(verdict(docs, rule: "4.2.4") == ["failed"])  // readOnlyPort 10255 in the config file
    #expect(verdict(docs, rule: "5.2.2", resourceName: "node-debugger") == ["failed"])
    #expect(verdict(docs, rule: "5.2.2", resourceName: "checkout-7d9f8") == ["passed"])
    #expect(verdict(docs, rule: "5.1.3", resourceName: "cluster-admin") == ["failed"])
    #expect(verdict(docs, rule: "5.1.3", resourceName: "pod-reader") == ["passed"])

    let table = TableReport(
      benchmark: report.benchmark, clusterLabel: report.clusterLabel, nodeLabel: report.nodeLabel, useColor: false
    ).render(report.summary, coverage: report.coverage, outcomes: report.outcomes)
    #expect(table.contains("Overall"))
    #expect(table.contains("1.1.5"))
    #expect(table.contains("Pod default/node-debugger"))
    let overall = PostureSummary.score(passed: report.summary.passed, failed: report.summary.failed)!
    #expect(table.contains(String(format: "%.1f%%", overall)))
  }
}

@Suite struct LiveClusterScanTests {
  /// Over the API, the ServiceAccounts and bindings are read before the Pods are judged.
  @Test func podsAreJudgedWithTheirServiceAccountsReadFromTheAPIServer() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed([
        [
          "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "shop"],
          "spec": ["serviceAccountName": "web", "containers": [["name": "c", "image": "nginx"]]],
        ],
        [
          "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "web", "namespace": "shop"],
          "automountServiceAccountToken": false,
        ],
        [
          "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default", "namespace": "shop"],
          "automountServiceAccountToken": false,
        ],
        [
          "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": "too-much"],
          "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"],
          "subjects": [["kind": "Group", "name": "system:serviceaccounts:shop"]],
        ],
      ])
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let kubeconfig = folder.appendingPathComponent("kubeconfig").path
      try server.writeKubeconfig(to: kubeconfig)
      var options = ScanOptions()
      options.kubeconfig = kubeconfig
      options.skipNode = true
      options.format = .ndjson
      options.output = folder.appendingPathComponent("out.ndjson").path
      let lines = LineSink()
      let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
      #expect(report.exitCode == 0)
      #expect(lines.all.isEmpty, "\(lines.all)")
      let docs = try readDocuments(options.output!)
      #expect(verdict(docs, rule: "5.1.6", resourceName: "web").contains("passed"))
      let defaultAccount = docs.first {
        $0[path: "rule", "benchmark", "rule_number"] == "5.1.5" && $0[path: "resource", "name"] == "default"
      }
      #expect(defaultAccount?[path: "result", "evaluation"] == "failed")
      #expect(defaultAccount?[path: "result", "evidence", "bindings"]?.arrayValue?.first?["name"] == "too-much")
      // Bindings are listed for the context; they get no findings of their own.
      #expect(!docs.contains { $0[path: "resource", "sub_type"] == "ClusterRoleBinding" })
      #expect(server.requests.contains { $0.path == "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings" })
    }
  }

  @Test func scansAClusterThroughTheAPIServer() async throws {
    try await KubernetesAPIServer.withServer(KubernetesAPIServer.Options(gitVersion: "v1.31.4")) { server in
      try server.seed([
        [
          "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "default"],
          "spec": ["containers": [["name": "c", "image": "nginx", "securityContext": ["privileged": true]]]],
        ],
        [
          "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "everything"],
          "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["get"]]],
        ],
      ])
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let kubeconfig = folder.appendingPathComponent("kubeconfig").path
      try server.writeKubeconfig(to: kubeconfig)
      var options = ScanOptions()
      options.kubeconfig = kubeconfig
      options.skipNode = true
      options.format = .ndjson
      options.output = folder.appendingPathComponent("out.ndjson").path
      let lines = LineSink()
      let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
      #expect(report.exitCode == 0)
      #expect(report.outcomes.map(\.name) == ["kube-api"])
      let docs = try readDocuments(options.output!)
      #expect(!docs.isEmpty)
      for doc in docs {
        #expect(doc["cluster_id"] == .string(server.kubeSystemUID))
        #expect(doc[path: "orchestrator", "cluster", "version"] == "v1.31.4")
      }
      #expect(verdict(docs, rule: "5.2.2", resourceName: "web") == ["failed"])
      #expect(verdict(docs, rule: "5.1.3", resourceName: "everything") == ["failed"])
      #expect(lines.all.allSatisfy { !$0.contains(server.token) })
    }
  }

  @Test func anUnreachableAPIServerIsOneClearLineAndANonZeroExit() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kubeconfig = folder.appendingPathComponent("kubeconfig").path
    try await KubernetesAPIServer.withServer { server in try server.writeKubeconfig(to: kubeconfig) }
    var options = ScanOptions()
    options.kubeconfig = kubeconfig
    options.skipNode = true
    options.format = .table
    let lines = LineSink()
    let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
    #expect(report.exitCode == 1)
    #expect(lines.all.contains { $0.contains("[kube-api]") && $0.contains("127.0.0.1") })
  }

  @Test func aMissingKubeconfigNamesThePath() async throws {
    var options = ScanOptions()
    options.kubeconfig = "/nonexistent/kubeconfig"
    options.skipNode = true
    let lines = LineSink()
    let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
    #expect(report.exitCode == 1)
    #expect(lines.all.count == 1)
    #expect(lines.all.first?.contains("/nonexistent/kubeconfig") == true)
  }
}
