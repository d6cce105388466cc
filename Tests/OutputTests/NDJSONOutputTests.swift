import Foundation
import KSPMCore
import Output
import Testing

func sampleDocument(_ n: Int) -> FindingDocument {
  let rule = RuleMetadata(
    id: "r", name: "rule", ruleNumber: "1.1.1", section: "s", profileApplicability: "p",
    benchmark: BenchmarkInfo(id: "cis_k8s", name: "CIS Kubernetes V1.23", version: "v1.0.1"))
  return FindingDocument(
    id: "doc-\(n)", body: Array("{\"n\":\(n)}".utf8),
    summary: FindingSummary(
      rule: rule, evaluation: .passed, resourceID: "id", resourceName: "name", resourceType: .file,
      resourceSubType: "file"))
}

@Suite struct NDJSONOutputTests {
  @Test func publisherWritesOneDocumentPerLine() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ndjson-\(UUID().uuidString).ndjson").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let output = try NDJSONOutput(path: path)
    let queue = BoundedQueue<FindingDocument>(capacity: 16)
    let publisher = Publisher(queue: queue, output: output, batchSize: 7)
    async let written = publisher.run()
    for i in 0..<100 { await queue.send(sampleDocument(i)) }
    queue.finish()
    #expect(try await written == 100)
    try await output.close()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 101)
    #expect(lines.last == "")
    #expect(lines[0] == "{\"n\":0}")
    #expect(lines[99] == "{\"n\":99}")
  }

  @Test func unwritableLocationIsAClearError() {
    #expect {
      _ = try NDJSONOutput(path: "/nonexistent-dir/findings.ndjson")
    } throws: { error in
      String(describing: error).contains("/nonexistent-dir/findings.ndjson")
    }
  }

  @Test func outputFailureStopsThePublisherAndReleasesProducers() async throws {
    struct Broken: FindingOutput {
      func write(_ documents: [FindingDocument]) async throws { throw OutputError("disk full") }
      func close() async throws {}
    }
    let queue = BoundedQueue<FindingDocument>(capacity: 2)
    let publisher = Publisher(queue: queue, output: Broken())
    let producer = Task {
      var accepted = 0
      for i in 0..<50 where await queue.send(sampleDocument(i)) { accepted += 1 }
      return accepted
    }
    await #expect(throws: OutputError.self) { try await publisher.run() }
    let accepted = await producer.value
    #expect(accepted < 50)
  }
}
