import Benchmarks
import Foundation
import KSPMCore
import Testing

@Suite struct CISEKSTableTests {
  let benchmark = CISEKS.shared

  @Test func everyRuleMatchesTheReferenceTable() throws {
    try Reference.expectRulesMatch(benchmark, count: 31, tag: "EKS")
  }

  @Test func benchmarkInfoIsWhatKibanaShows() {
    #expect(benchmark.info.id == "cis_eks")
    #expect(benchmark.info.name == "CIS Amazon Elastic Kubernetes Service (EKS)")
    #expect(benchmark.info.version == "v1.0.1")
    #expect(benchmark.info.postureType == "kspm")
  }

  @Test func collectionPlan() {
    let plan = benchmark.collectionPlan
    // The kubelet's kubeconfig at the EKS AMIs' path; its --config file comes with the kubelet process.
    #expect(plan.filePatterns == ["/var/lib/kubelet/kubeconfig"])
    #expect(plan.filePatternConditions.isEmpty)
    #expect(plan.processes == [ProcessSpec(name: "kubelet", configFlags: ["config"])])
    // Pods for section 4.2, Nodes for 5.4.3; no rule needs the cluster context.
    #expect(plan.kubernetesKinds == [.pod, .node])
    #expect(plan.contextKinds.isEmpty)
    #expect(plan.cloudKinds == [.eksCluster, .ecrRepository, .classicLoadBalancer])
  }

  @Test func cloudKindsAreLabelledAsElasticsEKSFetchersLabelThem() {
    let labels = benchmark.collectionPlan.cloudKinds.map {
      "\($0.provider) \($0.service) \($0.type.rawValue)/\($0.subType)"
    }
    #expect(labels == ["aws EKS caas/aws-eks", "aws ECR container-registry/aws-ecr", "aws ELB load-balancer/aws-elb"])
  }

  @Test func eachTargetKindMeetsExactlyItsRules() {
    func numbers(_ resource: Resource) -> [String] { benchmark.evaluate(resource).map(\.rule.ruleNumber) }
    #expect(numbers(.cloud(EKSFixture.cluster())) == ["2.1.1", "5.3.1", "5.4.1", "5.4.2"])
    #expect(numbers(.cloud(EKSFixture.repository())) == ["5.1.1"])
    #expect(numbers(.cloud(EKSFixture.loadBalancer())) == ["5.4.5"])
    #expect(numbers(.kubernetes(EKSFixture.node([]))) == ["5.4.3"])
    #expect(numbers(.pod(Golden.plain)) == (1...9).map { "4.2.\($0)" })
    #expect(numbers(EKSGolden.kubeletProcess()) == (1...11).map { "3.2.\($0)" })
    #expect(numbers(.file("/var/lib/kubelet/kubeconfig", mode: 0o644)) == ["3.1.1", "3.1.2"])
    #expect(
      numbers(.file("/etc/kubernetes/kubelet/kubelet-config.json", mode: 0o644, namedBy: ["kubelet --config"]))
        == ["3.1.3", "3.1.4"])
  }

  @Test func resourcesOfOtherBenchmarksYieldNothing() {
    #expect(benchmark.evaluate(.file("/etc/kubernetes/manifests/kube-apiserver.yaml", mode: 0o777)).isEmpty)
    #expect(benchmark.evaluate(.file("/etc/kubernetes/kubelet.conf", mode: 0o777)).isEmpty)
    #expect(benchmark.evaluate(.process("/usr/local/bin/kube-apiserver --profiling=true")).isEmpty)
    #expect(benchmark.evaluate(.object(["kind": "ServiceAccount", "metadata": ["name": "default"]])).isEmpty)
    #expect(benchmark.evaluate(.object(["kind": "ClusterRole", "metadata": ["name": "r"], "rules": []])).isEmpty)
  }

  @Test func theCollectionPlanIsExactlyWhatTheTargetsRead() {
    Reference.expectPlanIsWhatTheTargetsRead(benchmark)
  }

  @Test func theFixturesAreReadable() {
    #expect(EKSFixture.clusterRaw[path: "Cluster", "Name"] == "prod")
    #expect(EKSFixture.repositoryRaw["RepositoryName"] == "shop/web")
    #expect(EKSFixture.loadBalancerRaw["ListenerDescriptions"]?.arrayValue?.count == 1)
    #expect(EKSFixture.kubeletConfig["kind"] == "KubeletConfiguration")
  }
}
