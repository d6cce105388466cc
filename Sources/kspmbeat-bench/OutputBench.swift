import Beat
import Findings
import Foundation
import KSPMCore
import Logging
import Output
import Synchronization
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `kspmbeat-bench output [N]`: N real finding documents through queue → bulk encoder → gzip →
/// HTTP → the Elasticsearch test server on loopback, beside zlib level 1 alone on the same bulk
/// bodies. The shipper runs pinned to core 0, the server in its own process on core 1, so the
/// shipper's figures are single-core like the zlib figure.
enum OutputBench {
  static let bulkMaxSize = 1600

  static func parent(findings: Int) throws {
    print("kspmbeat output benchmark: queue → bulk NDJSON → gzip level 1 → HTTP → test Elasticsearch (loopback)")
    print("shipper pinned to core 0, server to core 1; bulk_max_size \(bulkMaxSize), 2 workers\n")
    let server = try BenchServer(core: 1, arguments: ["--es-server"])
    defer { server.stop() }
    guard let port = server.port else { throw BenchError("the server did not start: \(server.readyLine)") }
    let client = Process()
    let clientOut = Pipe()
    Pinning.configure(client, core: 0, arguments: ["--es-client", String(findings), String(port)])
    client.standardOutput = clientOut
    try client.run()
    let data = clientOut.fileHandleForReading.readDataToEndOfFile()
    client.waitUntilExit()
    print(String(decoding: data, as: UTF8.self), terminator: "")
  }

  /// The test server until standard input closes; then prints how many documents it stored (first),
  /// its CPU time and peak RSS.
  static func server() async throws {
    var options = ElasticsearchBulkServer.Options()
    options.checksDocuments = false
    let server = try await ElasticsearchBulkServer.start(options)
    FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
    await BenchServer.waitForStandardInputToClose()
    await server.shutdown()
    FileHandle.standardOutput.write(
      Data(
        ("\(server.totalStoredCount) documents stored, \(fixed(ProcessUsage.cpuSeconds, 1)) s of CPU, "
          + "peak RSS \(fixed(ProcessUsage.peakMegabytes, 0)) MB\n").utf8))
  }

  static func client(findings: Int, port: Int) async throws {
    let documents = try await makeDocuments(count: findings)
    let index = "logs-cloud_security_posture.findings-default"
    // zlib level 1 alone on the same bulk bodies, one core.
    var bodies: [[UInt8]] = []
    for start in stride(from: 0, to: documents.count, by: bulkMaxSize) {
      let chunk = documents[start..<min(start + bulkMaxSize, documents.count)]
      bodies.append(BulkRequestBody.encode(chunk.map { BulkItem(index: index, id: $0.id, document: $0.body) }))
    }
    let bulkBytes = bodies.reduce(0) { $0 + $1.count }
    // The better of two passes, so the comparison is against zlib at its fastest.
    var compressed = 0
    var zlibSeconds = Double.infinity
    for _ in 0..<2 {
      compressed = 0
      let zlibStart = ContinuousClock.now
      for body in bodies { compressed += try Gzip.compress(body, level: 1).count }
      zlibSeconds = min(zlibSeconds, (ContinuousClock.now - zlibStart).inSeconds)
    }
    bodies = []

    var config = ElasticsearchOutputConfig(
      hosts: [ElasticsearchHost(scheme: "http", host: "127.0.0.1", port: port)], workers: 2)
    config.bulkMaxSize = bulkMaxSize
    let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
    let output = try ElasticsearchOutput(config: config, index: index, userAgent: "kspmbeat-bench", logger: logger)
    let queue = BoundedQueue<FindingDocument>(capacity: 3200)
    let publisher = Publisher(
      queue: queue, output: output, batchSize: bulkMaxSize, workers: 2, flushMinEvents: bulkMaxSize,
      flushTimeout: .seconds(10))
    let start = ContinuousClock.now
    async let written = publisher.run()
    for document in documents { await queue.send(document) }
    queue.finish()
    _ = try await written
    let elapsed = (ContinuousClock.now - start).inSeconds
    try await output.close()
    let stats = output.deliveryStatistics ?? DeliveryStatistics()
    guard stats.delivered == documents.count else {
      fatalError("only \(stats.delivered) of \(documents.count) findings were acknowledged")
    }
    let mb = Double(stats.uncompressedBytes) / 1_048_576
    let zlibRate = Double(bulkBytes) / 1_048_576 / zlibSeconds
    let rate = mb / elapsed
    print(
      "findings            \(documents.count) (\(String(format: "%.0f", Double(bulkBytes) / Double(documents.count))) bytes each in the bulk body)"
    )
    print(
      "bulk NDJSON         \(String(format: "%.1f", Double(bulkBytes) / 1_048_576)) MB, gzip'd \(String(format: "%.1f", Double(compressed) / 1_048_576)) MB (\(String(format: "%.1f", Double(bulkBytes) / Double(compressed)))× smaller)"
    )
    print("zlib level 1 alone  \(String(format: "%.0f", zlibRate)) MB/s (one core, same bodies, best of two passes)")
    print(
      "end to end          \(String(format: "%.2f", elapsed)) s, \(String(format: "%.0f", Double(documents.count) / elapsed)) findings/s, \(String(format: "%.0f", rate)) MB/s uncompressed, \(stats.requests) bulk requests"
    )
    print("end to end / zlib   \(String(format: "%.0f", rate / zlibRate * 100))% (target ≥ 60%)")
    print(
      "peak RSS            \(String(format: "%.1f", ProcessUsage.peakMegabytes)) MB (includes the \(documents.count) findings held for the run)"
    )
  }

  /// Real findings from a scan of a synthetic cluster, with unique ids, `count` of them.
  static func makeDocuments(count: Int) async throws -> [FindingDocument] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-obench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    // About 10 findings per pod with its share of RBAC objects.
    try SyntheticCluster.write(pods: max(10, count / 9), to: folder)
    let collected = CollectingOutput()
    _ = try await ManifestBench.scanSynthetic(folder: folder, into: collected)
    var documents = collected.documents
    guard !documents.isEmpty else { fatalError("the synthetic scan produced no findings") }
    var round = 1
    while documents.count < count {
      // Not enough: repeat with fresh ids (bodies repeat, which flatters gzip slightly).
      for document in collected.documents.prefix(count - documents.count) {
        var copy = document
        copy.id = document.id + "-\(round)"
        documents.append(copy)
      }
      round += 1
    }
    return Array(documents.prefix(count))
  }
}

/// Keeps every document (for building the benchmark's input).
final class CollectingOutput: FindingOutput {
  private let kept = Mutex<[FindingDocument]>([])
  func write(_ documents: [FindingDocument]) async throws { kept.withLock { $0.append(contentsOf: documents) } }
  func close() async throws {}
  var documents: [FindingDocument] { kept.withLock { $0 } }
}
