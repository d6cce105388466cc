import Beat
import Foundation
import KSPMCore
import Testing

/// Tokens of `kspmbeat.yml`: its sections and keys, durations, hosts and YAML structure.
let configDictionary =
  manifestDictionary + [
    "kspmbeat.", "output.elasticsearch.", "period: ", "config.v1: ", "benchmark: ", "cis_eks", "leader_election: ",
    "lease_duration: ", "hosts: ", "api_key: ", "username: ", "password: ", "headers: ", "ssl: ",
    "verification_mode: ", "none", "certificate_authorities: ", "queue.mem: ", "events: ", "flush: ", "timeout: ",
    "http: ", "port: ", "-1s", "1ns", "9999999h", "https://[::1]:9200", "http://", "${HOME}", "${env.X:default}",
    "data_stream.namespace: ", "bulk_max_size: ", "worker: ", "compression_level: ", "backoff: ", "manifests: ",
  ]
private let secret = "fuzz-secret-4242"

extension FuzzTests {
  /// Our own config loader: it either loads or gives one clear error; no text quotes a large
  /// source line, and no error or warning quotes the API key of the seed.
  @Test func configLoader() async throws {
    let fuzzer = Fuzzer(target: "config", seeds: try fuzzSeeds("config"), dictionary: configDictionary)
    let report = await fuzzer.run { bytes in
      var outcome = FuzzOutcome()
      var texts: [String] = []
      do {
        let (_, warnings) = try KSPMBeatConfig.parse(text: String(decoding: bytes, as: UTF8.self))
        outcome.accepted = true
        texts = warnings
      } catch {
        texts = [String(describing: error)]
      }
      for text in texts {
        outcome.check(!text.contains(secret), "a message quotes the API key: \(text.prefix(300))")
      }
      outcome.checkLineLengths(texts)
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }
}
