import Beat
import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Output

#if canImport(Glibc)
  import Glibc
#endif

/// `swift run -c release kspmbeat-bench [pods…]`: scans synthetic clusters of 1,000 and 10,000 pods from
/// manifests, each in a fresh child process pinned to one core, and prints throughput and peak RSS.
/// The synthetic dump is written by the parent, so the child's peak RSS is the scan's alone.
/// `kspmbeat-bench output [N]` measures the Elasticsearch output instead (``OutputBench``).
@main
enum BenchMain {
  static func main() async throws {
    let args = CommandLine.arguments
    if args.count == 4, args[1] == "--child", let pods = Int(args[2]) {
      try await child(pods: pods, folder: URL(fileURLWithPath: args[3]))
      return
    }
    if args.count == 2, args[1] == "--es-server" {
      try await OutputBench.server()
      return
    }
    if args.count == 4, args[1] == "--es-client", let findings = Int(args[2]), let port = Int(args[3]) {
      try await OutputBench.client(findings: findings, port: port)
      return
    }
    if args.count >= 2, args[1] == "output" {
      try OutputBench.parent(findings: args.count > 2 ? Int(args[2]) ?? 100_000 : 100_000)
      return
    }
    let sizes = args.count > 1 ? args.dropFirst().compactMap { Int($0) } : [1_000, 10_000]
    print("kspmbeat scan benchmark: manifests (JSON cluster dump) → cis_k8s evaluation → ECS documents → discard")
    print("each size in its own process, pinned to one core with taskset when available\n")
    print(
      "pods".padding(toLength: 8, withPad: " ", startingAt: 0)
        + "resources  findings   seconds  resources/s  findings/s  NDJSON MB  MB/s   peak RSS MB  RSS before MB"
        + "  read+parse s  evaluate s  encode s  output s"
    )
    for pods in sizes {
      let line = try runChild(pods: pods)
      print(line)
    }
  }

  static func runChild(pods: Int) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try SyntheticCluster.write(pods: pods, to: folder)
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
    let process = Process()
    let pipe = Pipe()
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
      process.arguments = ["-c", "0", me, "--child", String(pods), folder.path]
    } else {
      process.executableURL = URL(fileURLWithPath: me)
      process.arguments = ["--child", String(pods), folder.path]
    }
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func child(pods: Int, folder: URL) async throws {
    let rssBefore = residentMegabytes("VmRSS")
    let output = DiscardOutput()
    let start = ContinuousClock.now
    let cycle = try await scanSynthetic(folder: folder, into: output)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let resources = cycle.resources
    func stage(_ duration: Duration) -> String {
      col(
        String(format: "%.2f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18), 12
      )
    }
    let megabytes = Double(output.bytes) / 1_048_576
    func col(_ s: String, _ w: Int) -> String { s.padding(toLength: w, withPad: " ", startingAt: 0) }
    print(
      col(String(pods), 8) + col(String(resources), 11) + col(String(output.documents), 11)
        + col(String(format: "%.2f", seconds), 9) + col(String(format: "%.0f", Double(resources) / seconds), 13)
        + col(String(format: "%.0f", Double(output.documents) / seconds), 12)
        + col(String(format: "%.1f", megabytes), 11)
        + col(String(format: "%.0f", megabytes / seconds), 7)
        + col(String(format: "%.1f", residentMegabytes("VmHWM")), 13)
        + col(String(format: "%.1f", rssBefore), 15) + stage(cycle.stages.collect) + stage(cycle.stages.evaluate)
        + stage(cycle.stages.encode) + stage(cycle.stages.queue))
  }

  /// Scans the synthetic dump in `folder` with cis_k8s into `output` (every finding fully encoded),
  /// through the same cycle assembly `kspmbeat scan --manifests` uses.
  static func scanSynthetic(folder: URL, into output: any FindingOutput) async throws -> CycleReport {
    let plan = CyclePlan(
      benchmark: CISKubernetes.shared, cluster: .manifests([folder.path]), hostRoot: nil,
      identity: IdentityOverrides(clusterID: "bench-cluster", nodeName: "bench", nodeUID: "bench-node"),
      agentVersion: Scanner.version, environment: [:])
    let assembly = await CycleAssembly(plan: plan, diagnostics: SilentDiagnostics())
    let queue = BoundedQueue<FindingDocument>(capacity: 4096)
    async let written = Publisher(queue: queue, output: output).run()
    let cycle = await assembly.run(
      trigger: .scan, sequence: Int64(Date().timeIntervalSince1970), queue: queue, diagnostics: SilentDiagnostics())
    queue.finish()
    _ = try await written
    await assembly.shutdown()
    return cycle
  }

  /// A field of `/proc/self/status` in megabytes (`VmHWM` is the peak resident set).
  static func residentMegabytes(_ field: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
      let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
      return kb / 1024
    }
    return 0
  }
}
