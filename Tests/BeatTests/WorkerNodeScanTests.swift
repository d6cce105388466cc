import Beat
import Engine
import Foundation
import KSPMCore
import Report
import Testing

@Suite struct WorkerNodeScanTests {
  /// A worker node (kubelet only, no control plane) must yield kubelet and worker-file findings and
  /// nothing from the control-plane sections: absent targets are not failures.
  @Test func aWorkerNodeGetsNoControlPlaneFindings() async throws {
    let root = try Self.workerRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    var options = ScanOptions()
    options.hostRoot = root.path
    options.skipCluster = true
    options.output = root.appendingPathComponent("out.ndjson").path
    let lines = LineSink()
    let report = try await Scanner.run(options, diagnostics: ConsoleDiagnostics(sink: { lines.add($0) }))
    #expect(report.exitCode == 0)
    #expect(lines.all.isEmpty, "\(lines.all)")
    let docs = try readDocuments(options.output!)
    let numbers = Set(docs.compactMap { $0[path: "rule", "benchmark", "rule_number"]?.stringValue })
    #expect(!numbers.isEmpty)
    #expect(numbers.allSatisfy { $0.hasPrefix("4.") }, "\(numbers.sorted())")
    #expect(numbers.contains("4.2.4"))
    #expect(verdict(docs, rule: "4.2.4") == ["passed"])  // readOnlyPort: 0 in the config file
    #expect(verdict(docs, rule: "4.1.5") == ["passed"])  // kubelet.conf 600
    #expect(verdict(docs, rule: "4.1.9") == ["passed"])  // config.yaml 600
  }

  /// A worker node's root: passwd and group, the kubelet's kubeconfig and config file, and a
  /// running kubelet.
  static func workerRoot() throws -> URL {
    let root = try temporaryFolder()
    let fm = FileManager.default
    func write(_ path: String, _ text: String, mode: Int) throws {
      let url = root.appendingPathComponent(path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
      try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }
    try write("etc/passwd", "root:x:\(getuid()):\(getgid()):root:/root:/bin/sh\n", mode: 0o644)
    try write("etc/group", "root:x:\(getgid()):\n", mode: 0o644)
    try write("etc/kubernetes/kubelet.conf", "apiVersion: v1\nkind: Config\n", mode: 0o600)
    try write(
      "var/lib/kubelet/config.yaml",
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n", mode: 0o600)
    try write("proc/uptime", "1000.0 900.0\n", mode: 0o444)
    try write(
      "proc/4242/stat",
      "4242 (kubelet) S 1 4242 4242 0 -1 0 0 0 0 0 10 10 0 0 20 0 12 0 500 1000 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
      mode: 0o444)
    try write(
      "proc/4242/cmdline",
      ["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml"].joined(separator: "\0") + "\0",
      mode: 0o444)

    return root
  }
}
