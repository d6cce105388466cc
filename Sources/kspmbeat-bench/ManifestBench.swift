import Beat
import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Output

/// `kspmbeat-bench [pods…]`: scans synthetic cluster dumps from manifests (by default 1,000,
/// 10,000 and 100,000 pods), each in a fresh child process pinned to core 0, and prints
/// throughput, peak RSS and the time per stage. The parent writes the dump, so the child's peak
/// RSS is the scan's alone.
enum ManifestBench {
  static let defaultSizes = [1_000, 10_000, 100_000]

  static func parent(sizes: [Int]) throws {
    print("kspmbeat scan benchmark: manifests (JSON cluster dump) → cis_k8s evaluation → ECS documents → discard")
    print("each size in its own process, pinned to one core with taskset when available")
    print("stages, in seconds of the cycle: read+parse (reading the dump and parsing its items), evaluate (the")
    print("cis_k8s rules alone), encode (ECS documents to JSON), output (waiting for room in the queue: the discard")
    print("output only counts bytes, so this is the publisher's share of the one core)\n")
    print(
      TableRow([
        ("pods", 8), ("resources", 10), ("findings", 10), ("seconds", 8), ("resources/s", 12), ("findings/s", 11),
        ("NDJSON MB", 10), ("peak RSS MB", 12), ("RSS before MB", 14), ("read+parse", 11), ("evaluate", 9),
        ("encode", 7), ("output", 7),
      ]).text)
    var points: [BenchTargets.Point] = []
    for pods in sizes {
      let figures = try runChild(pods: pods)
      print(
        TableRow([
          (String(pods), 8), (String(figures.resources), 10), (String(figures.findings), 10),
          (fixed(figures.seconds, 2), 8), (fixed(Double(figures.resources) / figures.seconds, 0), 12),
          (fixed(Double(figures.findings) / figures.seconds, 0), 11), (fixed(figures.ndjsonMegabytes, 0), 10),
          (fixed(figures.peakRSSMegabytes, 1), 12), (fixed(figures.rssBeforeMegabytes, 1), 14),
          (fixed(figures.collect, 2), 11), (fixed(figures.evaluate, 2), 9), (fixed(figures.encode, 2), 7),
          (fixed(figures.queue, 2), 7),
        ]).text)
      points.append(.init(pods: pods, seconds: figures.seconds, peakRSSMegabytes: figures.peakRSSMegabytes))
    }
    print("")
    for line in BenchTargets.check(points, fullPath: false) { print(line) }
  }

  static func runChild(pods: Int) throws -> ScanFigures {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try SyntheticCluster.write(pods: pods, to: folder)
    let process = Process()
    let pipe = Pipe()
    Pinning.configure(process, core: 0, arguments: ["--child", String(pods), folder.path])
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard let figures = ScanFigures(json: text) else { throw BenchError("the scan of \(pods) pods failed: \(text)") }
    return figures
  }

  /// The child: scans the dump in `folder` and prints its ``ScanFigures``.
  static func child(pods: Int, folder: URL) async throws {
    var figures = ScanFigures()
    figures.pods = pods
    figures.rssBeforeMegabytes = ProcessUsage.megabytes("VmRSS")
    let output = DiscardOutput()
    let start = ContinuousClock.now
    let cycle = try await scanSynthetic(folder: folder, into: output)
    figures.seconds = (ContinuousClock.now - start).inSeconds
    figures.peakRSSMegabytes = ProcessUsage.peakMegabytes
    figures.resources = cycle.resources
    figures.findings = output.documents
    figures.ndjsonMegabytes = Double(output.bytes) / 1_048_576
    figures.collect = cycle.stages.collect.inSeconds
    figures.evaluate = cycle.stages.evaluate.inSeconds
    figures.encode = cycle.stages.encode.inSeconds
    figures.queue = cycle.stages.queue.inSeconds
    print(figures.json)
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
}
