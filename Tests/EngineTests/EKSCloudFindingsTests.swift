import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Output
import Testing

/// The EKS fixtures (`Tests/Fixtures/eks/`), as the AWS collectors will hand them over.
enum EKSCloudFixture {
  static func raw(_ name: String) throws -> JSONValue {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/eks/\(name).json")
    return try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
  }

  static func resources() throws -> [Resource] {
    let account = "111122223333"
    return [
      .cloud(
        CloudResource(
          kind: .eksCluster, id: "arn:aws:eks:eu-west-1:\(account):cluster/prod", name: "prod", region: "eu-west-1",
          accountID: account, raw: try raw("describe-cluster"))),
      .cloud(
        CloudResource(
          kind: .ecrRepository, id: "arn:aws:ecr:eu-west-1:\(account):repository/shop/web", name: "shop/web",
          region: "eu-west-1", accountID: account, raw: try raw("ecr-repository"))),
      .cloud(
        CloudResource(
          kind: .classicLoadBalancer, id: "\(account)-a1b2c3d4e5f60718293a4b5c6d7e8f90",
          name: "a1b2c3d4e5f60718293a4b5c6d7e8f90", region: "us-east-2", accountID: account,
          raw: try raw("elb-load-balancer"))),
    ]
  }
}

/// Emits fixed resources as one page.
struct FixedCollector: ResourceCollector {
  let name = "aws"
  let scope = CollectionScope.cluster
  let resources: [Resource]
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    try await emit(resources)
  }
}

@Suite struct EKSCloudFindingsTests {
  @Test func cloudFindingsCarryTheAccountTheServiceAndElasticsResourceTypes() async throws {
    let benchmark = CISEKS.shared
    let context = CycleContext(
      sequence: 1_764_583_200, clusterID: "cluster-1", nodeID: "node-1", host: HostInfo(name: "n"),
      agent: AgentInfo(id: "a", name: "n", version: "1", ephemeralID: "e"), benchmark: benchmark.info,
      cloud: CloudContext(provider: "aws", accountID: "111122223333", region: "eu-west-1"))
    let queue = BoundedQueue<FindingDocument>(capacity: 100)
    let pipeline = CyclePipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: context, rules: benchmark.rules), queue: queue,
      summary: PostureSummary(), diagnostics: CountingDiagnostics(SilentDiagnostics()))
    let outcomes = await pipeline.run([FixedCollector(resources: try EKSCloudFixture.resources())])
    #expect(outcomes.map(\.resources) == [3])
    let drained = queue.drain(upTo: 100)
    let documents = try drained.map { try JSONParser.parse($0.body) }

    func shape(_ doc: JSONValue) -> String {
      [
        doc[path: "rule", "benchmark", "rule_number"], doc[path: "resource", "type"], doc[path: "resource", "sub_type"],
        doc[path: "resource", "name"], doc[path: "cloud", "service", "name"], doc[path: "cloud", "region"],
        doc[path: "result", "evaluation"],
      ].map { $0?.stringValue ?? "-" }.joined(separator: " ")
    }
    #expect(
      documents.map(shape) == [
        "2.1.1 caas aws-eks prod EKS eu-west-1 passed",
        "5.3.1 caas aws-eks prod EKS eu-west-1 passed",
        "5.4.1 caas aws-eks prod EKS eu-west-1 passed",
        "5.4.2 caas aws-eks prod EKS eu-west-1 failed",
        "5.1.1 container-registry aws-ecr shop/web ECR eu-west-1 passed",
        // The resource's own region wins over the cycle's.
        "5.4.5 load-balancer aws-elb a1b2c3d4e5f60718293a4b5c6d7e8f90 ELB us-east-2 passed",
      ])
    for doc in documents {
      #expect(doc[path: "cloud", "provider"] == "aws")
      #expect(doc[path: "cloud", "account", "id"] == "111122223333")
      #expect(doc[path: "rule", "benchmark", "id"] == "cis_eks")
      #expect(doc[path: "rule", "benchmark", "name"] == "CIS Amazon Elastic Kubernetes Service (EKS)")
      #expect(doc[path: "rule", "benchmark", "version"] == "v1.0.1")
      #expect(doc[path: "rule", "benchmark", "posture_type"] == "kspm")
      #expect(doc["orchestrator"]?["cluster"]?["id"] == "cluster-1")
    }
    // resource.raw is the AWS shape the checks read, unchanged.
    #expect(documents[0][path: "resource", "raw", "Cluster", "Logging", "ClusterLogging"]?.arrayValue?.count == 1)
    #expect(documents[4][path: "resource", "raw", "ImageScanningConfiguration", "ScanOnPush"] == true)
    #expect(documents[5][path: "resource", "raw", "ListenerDescriptions"]?.arrayValue?.count == 1)
    // Elastic gives every cloud resource of a cluster one resource.id; the documents stay distinct.
    #expect(Set(documents.compactMap { $0[path: "resource", "id"]?.stringValue }).count == 1)
    #expect(Set(drained.map(\.id)).count == drained.count)
  }
}
