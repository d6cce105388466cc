import Foundation
import Report

/// `kspmbeat-bench full [pods…]` (default 10,000 and 100,000 pods): the real `kspmbeat scan`
/// binary, pinned to core 0, lists the synthetic cluster in pages of 500 from the Kubernetes API
/// test server (TLS, gzip), evaluates and encodes every finding and ships them gzip'd to the
/// Elasticsearch test server. Both servers run in processes of their own on core 1, so the
/// scanner's peak RSS (`wait4`) and wall time are its own; the Elasticsearch server's stored count
/// is checked against the findings the scan reports.
enum FullPathBench {
  static let defaultSizes = [10_000, 100_000]

  /// `kspmbeat` next to this benchmark's executable.
  static var scanner: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kspmbeat")
      .path
  }

  static func parent(sizes: [Int], settings: [String] = []) throws {
    print("kspmbeat full-path benchmark: Kubernetes API test server (TLS, pages of 500, gzip) → kspmbeat scan →")
    print("cis_k8s → ECS documents → bulk, gzip level 1 → Elasticsearch test server")
    guard FileManager.default.isExecutableFile(atPath: scanner) else {
      print("\n\(scanner) is missing: build it with `swift build -c release --product kspmbeat`")
      throw BenchError("no kspmbeat binary next to the benchmark")
    }
    let extra = settings.map { " -E \($0)" }.joined()
    print("scanner: \(scanner) scan --skip-node --ship --stats\(extra), pinned to core 0; both servers on core 1")
    print("stages, in seconds of the cycle: read+parse (API requests, TLS, gunzip and JSON parsing, and waiting")
    print("for the server), evaluate, encode, output (waiting for room in the queue: the Elasticsearch output's")
    print("bulk encoding, gzip and HTTP on the same core)\n")
    print(
      TableRow([
        ("pods", 8), ("resources", 10), ("findings", 10), ("stored", 10), ("seconds", 8), ("CPU s", 7),
        ("findings/s", 11),
        ("peak RSS MB", 12), ("read+parse", 11), ("evaluate", 9), ("encode", 7), ("output", 7),
      ]).text)
    var points: [BenchTargets.Point] = []
    var notes: [String] = []
    for pods in sizes {
      let run = try measure(pods: pods, settings: settings)
      let stats = run.stats
      print(
        TableRow([
          (String(pods), 8), (String(Int(stats["resources"] ?? 0)), 10), (String(run.findings), 10),
          (String(run.stored), 10), (fixed(run.seconds, 2), 8), (fixed(run.cpuSeconds, 1), 7),
          (fixed(Double(run.findings) / run.seconds, 0), 11),
          (fixed(run.peakRSSMegabytes, 1), 12), (stage(stats["collect_s"]), 11), (stage(stats["evaluate_s"]), 9),
          (stage(stats["encode_s"]), 7), (stage(stats["queue_s"]), 7),
        ]).text)
      points.append(.init(pods: pods, seconds: run.seconds, peakRSSMegabytes: run.peakRSSMegabytes))
      notes.append(
        "\(pods) pods: \(run.shipped); API server: \(run.kubernetesServer); Elasticsearch: \(run.elasticsearch)")
      if run.stored != run.findings {
        notes.append("MISMATCH: Elasticsearch stored \(run.stored) findings, the scan reported \(run.findings)")
      }
    }
    print("")
    for note in notes { print(note) }
    print("")
    for line in BenchTargets.check(points, fullPath: true) { print(line) }
  }

  static func stage(_ value: Double?) -> String { value.map { fixed($0, 2) } ?? "-" }

  /// What one full-path run measured and what the servers said.
  struct Run {
    var seconds: Double
    /// The scanner's CPU time (user and system): close to `seconds` when its core was its own and busy.
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
    /// The scan's `--stats` numbers.
    var stats: [String: Double]
    var findings: Int
    /// Documents the Elasticsearch server holds at the end.
    var stored: Int
    /// The scan's shipping line.
    var shipped: String
    var kubernetesServer: String
    var elasticsearch: String
  }

  static func measure(pods: Int, settings: [String]) throws -> Run {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-full-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let kubeconfig = folder.appendingPathComponent("kubeconfig").path
    let kubernetes = try BenchServer(core: 1, arguments: ["--k8s-server", String(pods), kubeconfig])
    defer { kubernetes.stop() }
    let elasticsearch = try BenchServer(core: 1, arguments: ["--es-server"])
    defer { elasticsearch.stop() }
    guard let port = elasticsearch.port else { throw BenchError("no Elasticsearch port: \(elasticsearch.readyLine)") }
    let run = try MeasuredRun.run(
      core: 0, program: scanner,
      arguments: [
        "scan", "--skip-node", "--kubeconfig", kubeconfig, "--ship", "-E",
        "output.elasticsearch.hosts=[\"http://127.0.0.1:\(port)\"]", "--format", "table", "--stats",
      ] + settings.flatMap { ["-E", $0] }, outputFolder: folder)
    // The Elasticsearch server first: it may hold the other's pipes.
    let stored = elasticsearch.stop()
    let served = kubernetes.stop()
    let stats = CycleStatsText.values(in: run.standardError)
    guard run.status == 0, let findings = stats["findings"] else {
      throw BenchError("kspmbeat scan exited with \(run.status):\n\(run.standardError)")
    }
    let shipped = run.standardError.split(separator: "\n").first { $0.hasPrefix("kspmbeat: shipped") }
    return Run(
      seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRSSMegabytes: run.peakRSSMegabytes, stats: stats,
      findings: Int(findings),
      stored: Int(stored.split(separator: " ").first ?? "") ?? -1,
      shipped: shipped.map { String($0.dropFirst("kspmbeat: ".count)) } ?? "no shipping line",
      kubernetesServer: served, elasticsearch: stored)
  }
}
