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

  /// The three fixtures as the collectors build them, ids and names included.
  static func resources() throws -> [Resource] {
    let account = "111122223333"
    let cluster = CloudResource.eksCluster(
      describeClusterOutput: try raw("describe-cluster"), region: "eu-west-1", accountID: account)
    let repository = CloudResource.ecrRepository(try raw("ecr-repository"), region: "eu-west-1")
    // A load balancer in another region than the cycle's: the resource's own region wins.
    let loadBalancer = CloudResource.classicLoadBalancer(
      try raw("elb-load-balancer"), region: "us-east-2", accountID: account)
    return try [cluster, repository, loadBalancer].map { try #require($0) }.map(Resource.cloud)
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
    // Elastic (8.8+) gives every cloud resource of a cluster one resource.id, uuid5 of the cluster
    // id; the documents stay distinct, their ids made from each resource's own identity.
    let clusterResourceID = NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "cluster-1")
    #expect(documents.allSatisfy { $0[path: "resource", "id"]?.stringValue == clusterResourceID })
    #expect(Set(drained.map(\.id)).count == drained.count)
    // The rule tags Elastic gives cis_eks rules.
    #expect(
      documents.map { $0[path: "rule", "tags"] } == [
        ["CIS", "EKS", "CIS 2.1.1", "Logging"], ["CIS", "EKS", "CIS 5.3.1", "AWS Key Management Service (KMS)"],
        ["CIS", "EKS", "CIS 5.4.1", "Cluster Networking"], ["CIS", "EKS", "CIS 5.4.2", "Cluster Networking"],
        ["CIS", "EKS", "CIS 5.1.1", "Image Registry and Image Scanning"],
        ["CIS", "EKS", "CIS 5.4.5", "Cluster Networking"],
      ])
  }

  @Test func resourceIdentitiesAreFormedAsElasticsFetchersFormThem() throws {
    let ids = try EKSCloudFixture.resources().map { "\($0.rawID) \($0.name)" }
    #expect(
      ids == [
        "arn:aws:eks:eu-west-1:111122223333:cluster/prod prod",
        "arn:aws:ecr:eu-west-1:111122223333:repository/shop/web shop/web",
        "111122223333-a1b2c3d4e5f60718293a4b5c6d7e8f90 a1b2c3d4e5f60718293a4b5c6d7e8f90",
      ])
  }
}
