import Benchmarks
import Foundation
import KSPMCore
import Logging
import Testing

@testable import Engine

/// What the cluster tells the AWS collector to look up, and how a cycle that cannot reach AWS
/// says so.
@Suite struct CloudCollectionTests {
  static func object(_ json: String) throws -> KubernetesObject {
    KubernetesObject(object: try JSONParser.parse(Array(json.utf8)))
  }

  @Test func podsNameTheirContainersImagesAndServicesTheirLoadBalancers() throws {
    var references = CloudReferences()
    references.add(
      try Self.object(
        #"""
        {"kind":"Pod","metadata":{"name":"p"},"spec":{
          "initContainers":[{"name":"i","image":"init:1"}],
          "containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"},{"name":"c"}]}}
        """#))
    references.add(
      try Self.object(
        #"""
        {"kind":"Service","metadata":{"name":"s"},"status":{"loadBalancer":{"ingress":[
          {"hostname":"web-1.us-east-1.elb.amazonaws.com"},{"ip":"203.0.113.9"}]}}}
        """#))
    // Other kinds and wrong shapes add nothing.
    references.add(try Self.object(#"{"kind":"ConfigMap","spec":{"containers":[{"image":"x:1"}]}}"#))
    references.add(try Self.object(#"{"kind":"Pod","spec":{"containers":{"image":"y:1"}}}"#))
    #expect(references.images == ["a:1", "b:1"])
    #expect(references.loadBalancerHostnames == ["web-1.us-east-1.elb.amazonaws.com"])
    #expect(!references.truncated)
  }

  @Test func aHostileImageNameIsNotKeptAndTheSetsAreBounded() throws {
    var references = CloudReferences()
    let huge = String(repeating: "x", count: 10_000)
    references.add(try Self.object(#"{"kind":"Pod","spec":{"containers":[{"image":"\#(huge)"}]}}"#))
    #expect(references.images.isEmpty)
    // Past the limit, new values are counted as left out, repeated ones are not.
    for index in 0..<CloudReferences.limit {
      references.images.insert("image-\(index)")
    }
    references.add(try Self.object(#"{"kind":"Pod","spec":{"containers":[{"image":"image-7"}]}}"#))
    #expect(!references.truncated)
    references.add(try Self.object(#"{"kind":"Pod","spec":{"containers":[{"image":"one-more"}]}}"#))
    #expect(references.truncated)
    #expect(references.images.count == CloudReferences.limit)
  }

  @Test func aCycleWhoseCollectorCannotRunIsDegradedOnceAndHealthyAgainOnce() throws {
    let captured = CapturedLines()
    let logger = Logger(label: "test") { _ in CapturingHandler(captured: captured) }
    var health = CollectionHealthLog()
    let refused = "the AWS credentials were refused while reading the account (InvalidClientTokenId)"
    func report(_ sequence: Int64, failure: String?) -> CycleReport {
      CycleReport(
        sequence: sequence,
        context: CycleContext(
          sequence: sequence, clusterID: "c", nodeID: "n", host: HostInfo(name: "n"),
          agent: AgentInfo(id: "a", name: "n", version: "1", ephemeralID: "e"), benchmark: CISKubernetes.shared.info),
        trigger: .period, duration: .seconds(1),
        outcomes: [
          CollectorOutcome(name: "kube-api", resources: 10, findings: 20),
          CollectorOutcome(name: "aws", resources: 0, findings: 0, failure: failure),
        ], summary: PostureSummary(), stages: StageTimes())
    }
    health.record(report(1, failure: nil), logger: logger)
    health.record(report(2, failure: refused), logger: logger)
    health.record(report(3, failure: refused), logger: logger)
    health.record(report(4, failure: nil), logger: logger)
    #expect(report(2, failure: refused).collectionProblem == "aws: \(refused)")
    #expect(report(1, failure: nil).collectionProblem == nil)
    let lines = captured.all
    try #require(lines.count == 2)
    #expect(lines[0].hasPrefix("error collection degraded: aws: \(refused)"))
    #expect(lines[1].hasPrefix("info collection healthy"))
  }
}
