import Benchmarks
import Findings
import Foundation
import KSPMCore

/// The benchmark the fuzz targets judge with.
let fuzzBenchmark = CISKubernetes.shared

/// Encodes findings as a scan does, to check every document is valid JSON.
let fuzzEncoder = FindingEncoder(
  context: CycleContext(
    sequence: 1, clusterID: "fuzz-cluster", nodeID: "fuzz-node", host: HostInfo(name: "fuzz", architecture: "x86_64"),
    agent: AgentInfo(id: "fuzz", name: "fuzz", version: "0", ephemeralID: "fuzz"), benchmark: fuzzBenchmark.info),
  rules: fuzzBenchmark.rules)

extension FuzzOutcome {
  /// Judges `resource` with the benchmark; every finding document must be valid JSON.
  mutating func judge(_ resource: Resource, context: ClusterContext = ClusterContext()) -> [RuleFinding] {
    let findings = fuzzBenchmark.evaluate(resource, context: context)
    for document in fuzzEncoder.encode(resource: resource, findings: findings, timestamp: Date()) {
      check((try? JSONParser.parse(document.body)) != nil, "a finding document is not valid JSON")
    }
    return findings
  }
}
