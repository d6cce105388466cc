import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Output
import Testing

/// A cloud benchmark is a rule table, checks and collectors: nothing in the evaluator, the encoder
/// or the pipeline names one. This test benchmark has one rule on ECR repositories.
struct ScanOnPushCheck: CloudResourceCheck {
  func evaluate(_ resource: CloudResource) -> Evaluation {
    let enabled = resource.raw[path: "ImageScanningConfiguration", "ScanOnPush"]?.boolValue ?? false
    return Evaluation(
      enabled ? .passed : .failed, evidence: ["ScanOnPush": .bool(enabled)], expected: ["ScanOnPush": true])
  }
  var description: String { "images are scanned on push" }
}

let repositoryKind = CloudResourceKind(
  provider: "aws", service: "ECR", type: .containerRegistry, subType: "aws-ecr", title: "ECR repository")

let cloudTable = RuleTable(
  info: BenchmarkInfo(id: "test_cloud", name: "Test Cloud", version: "v1", postureType: "kspm", tag: "EKS"),
  definitions: [
    RuleDefinition(
      "5.1.1", "Image Registry and Image Scanning", "Level 1",
      "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider",
      cloud: repositoryKind, ScanOnPushCheck())
  ],
  texts: [
    "5.1.1": RuleText(
      description: "d", rationale: "r", audit: "a", remediation: "m", impact: "i", defaultValue: "v", references: "x")
  ])

/// Two repositories, as an ECR collector would list them.
struct RepositoryCollector: ResourceCollector {
  let name = "aws-ecr"
  let scope = CollectionScope.cluster
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    try await emit(
      [("web", true), ("api", false)].map { name, scan in
        .cloud(
          CloudResource(
            kind: repositoryKind, id: "arn:aws:ecr:us-east-1:111122223333:repository/\(name)", name: name,
            region: "us-east-1", accountID: "111122223333",
            raw: ["RepositoryName": .string(name), "ImageScanningConfiguration": ["ScanOnPush": .bool(scan)]]))
      })
  }
}

@Suite struct CloudBenchmarkTests {
  @Test func aCloudRuleTablePlugsIntoThePipelineUnchanged() async throws {
    let benchmark = TableBenchmark(cloudTable)
    #expect(cloudTable.problems.isEmpty)
    #expect(benchmark.collectionPlan.cloudKinds == [repositoryKind])
    #expect(benchmark.collectionPlan.kubernetesKinds.isEmpty && !benchmark.collectionPlan.needsNode)
    #expect(benchmark.rules[0].tags == ["CIS", "EKS", "CIS 5.1.1", "Image Registry and Image Scanning"])

    let context = CycleContext(
      sequence: 7, clusterID: "cluster-1", nodeID: "node-1", host: HostInfo(name: "n"),
      agent: AgentInfo(id: "a", name: "n", version: "1", ephemeralID: "e"), benchmark: benchmark.info,
      cloud: CloudContext(provider: "aws", accountID: "111122223333"))
    let queue = BoundedQueue<FindingDocument>(capacity: 100)
    let pipeline = CyclePipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: context, rules: benchmark.rules), queue: queue,
      summary: PostureSummary(), diagnostics: CountingDiagnostics(SilentDiagnostics()))
    let outcomes = await pipeline.run([RepositoryCollector()])
    #expect(outcomes.map(\.resources) == [2])
    let documents = queue.drain(upTo: 100)
    #expect(documents.count == 2)
    #expect(Set(documents.map(\.id)).count == 2)
    let parsed = try documents.map { try JSONParser.parse($0.body) }
    #expect(parsed.map { $0[path: "result", "evaluation"]?.stringValue } == ["passed", "failed"])
    #expect(parsed.allSatisfy { $0[path: "cloud", "service", "name"] == "ECR" })
    #expect(parsed.allSatisfy { $0[path: "rule", "benchmark", "id"] == "test_cloud" })
    // Elastic's resource.id for cloud resources is the cluster's: shared, yet two documents.
    #expect(Set(parsed.compactMap { $0[path: "resource", "id"]?.stringValue }).count == 1)
  }
}
