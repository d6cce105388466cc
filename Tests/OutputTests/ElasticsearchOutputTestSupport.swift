import Foundation
import KSPMCore
import Logging
import Output
import Synchronization
import TestSupport

let findingsIndex = "logs-cloud_security_posture.findings-default"

/// A finding-like document the test server accepts in the findings data stream.
func findingDocument(_ n: Int, padding: Int = 0) -> FindingDocument {
  let pad = String(repeating: "x", count: padding)
  let body = """
    {"@timestamp":"2026-12-01T10:00:00.000Z","data_stream":{"type":"logs","dataset":"cloud_security_posture.findings",\
    "namespace":"default"},"n":\(n),"pad":"\(pad)"}
    """
  var document = sampleDocument(n)
  document.id = "finding-\(n)"
  document.body = Array(body.utf8)
  return document
}

/// An output configuration for the test server with short backoffs, and a request timeout long
/// enough that a machine busy with the other suites never turns a slow answer into a retry
/// (tests of the timeout set their own).
func testOutputConfig(
  _ server: ElasticsearchBulkServer, _ configure: (inout ElasticsearchOutputConfig) -> Void = { _ in }
) -> ElasticsearchOutputConfig {
  var config = ElasticsearchOutputConfig(
    hosts: [ElasticsearchHost(scheme: server.options.tls ? "https" : "http", host: "127.0.0.1", port: server.port)],
    backoffInit: .milliseconds(10), backoffMax: .milliseconds(80), timeout: .seconds(30))
  configure(&config)
  return config
}

/// Log lines kept for assertions.
final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])
  var all: [String] { lines.withLock { $0 } }
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

  var logger: Logger {
    Logger(label: "test") { _ in CapturingHandler(capture: self) }
  }

  struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
      let extra = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      capture.append("\(event.level) \(event.message) \(extra.joined(separator: " "))")
    }
  }
}

/// Pushes `documents` through a queue and a publisher into `output`; returns what the publisher wrote.
@discardableResult
func ship(
  _ documents: [FindingDocument], to output: any FindingOutput, capacity: Int = 256, batchSize: Int = 100,
  workers: Int = 1
) async throws -> Int {
  let queue = BoundedQueue<FindingDocument>(capacity: capacity)
  let publisher = Publisher(queue: queue, output: output, batchSize: batchSize, workers: workers)
  async let written = publisher.run()
  for document in documents { await queue.send(document) }
  queue.finish()
  return try await written
}

/// The ids the server holds for the findings index, as a set, and whether each is stored once.
func storedExactlyOnce(_ server: ElasticsearchBulkServer, count: Int) -> Bool {
  let ids = server.storedIDs(index: findingsIndex)
  return ids.count == count && Set(ids) == Set((0..<count).map { "finding-\($0)" })
}
