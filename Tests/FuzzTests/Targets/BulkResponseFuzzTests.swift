import Foundation
import KSPMCore
import Output
import Testing

/// Tokens of `_bulk` responses.
let bulkDictionary = [
  "{", "}", "[", "]", ",", ":", "\"", "\"errors\":true", "\"errors\":false", "\"items\":[", "{\"create\":{",
  "\"status\":", "201", "409", "429", "413", "500", "-1", "1e400", "\"error\":", "\"reason\":", "\"type\":",
  "\"caused_by\":{", "null", "\\u0000", "\\ud800", "\\\"", "{\"index\":{\"status\":200}}",
]

extension FuzzTests {
  /// The Elasticsearch bulk-response parser: it gives one result per document sent or a clear
  /// error, and keeps reasons short.
  @Test func bulkResponse() async throws {
    let fuzzer = Fuzzer(target: "bulk-response", seeds: try fuzzSeeds("bulk-response"), dictionary: bulkDictionary)
    var random = FuzzRandom(seed: 1)
    let report = await fuzzer.run { bytes in
      var outcome = FuzzOutcome()
      let itemCount = random.oneIn(2) ? 4 : random.below(8)
      do {
        let results = try BulkResponse.parse(bytes, itemCount: itemCount)
        outcome.accepted = true
        outcome.check(results.count == itemCount, "\(results.count) results for \(itemCount) documents")
        for case .retryable(_, let reason) in results {
          outcome.check(reason.count <= 301, "a reason of \(reason.count) characters")
        }
        for case .rejected(_, let reason) in results {
          outcome.check(reason.count <= 301, "a reason of \(reason.count) characters")
        }
      } catch {
        outcome.check(
          String(describing: error).count <= 1024, "an error of \(String(describing: error).count) characters")
      }
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }
}
