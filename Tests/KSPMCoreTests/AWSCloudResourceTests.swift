import KSPMCore
import Testing

@Suite struct AWSCloudResourceTests {
  @Test func anEKSClusterIsItsARNAndNamedByItsName() throws {
    let raw: JSONValue = ["Cluster": ["Name": "prod", "Arn": "arn:aws:eks:eu-west-1:111122223333:cluster/prod"]]
    let cluster = try #require(
      CloudResource.eksCluster(describeClusterOutput: raw, region: "eu-west-1", accountID: "111122223333"))
    #expect(cluster.id == "arn:aws:eks:eu-west-1:111122223333:cluster/prod")
    #expect(cluster.name == "prod")
    #expect(cluster.kind == .eksCluster)
    #expect(cluster.raw == raw)
    let resource = Resource.cloud(cluster)
    #expect(resource.type == .containerService && resource.subType == "aws-eks" && resource.rawID == cluster.id)
    // The wire format's camelCase, or a cluster without an ARN, is no EKS cluster resource.
    #expect(
      CloudResource.eksCluster(describeClusterOutput: ["cluster": ["name": "prod"]], region: nil, accountID: nil) == nil
    )
    #expect(
      CloudResource.eksCluster(describeClusterOutput: ["Cluster": ["Name": "prod"]], region: nil, accountID: nil) == nil
    )
  }

  @Test func anECRRepositoryIsItsARNAndBelongsToItsRegistry() throws {
    let raw: JSONValue = [
      "RepositoryArn": "arn:aws:ecr:eu-west-1:111122223333:repository/shop/web", "RegistryId": "111122223333",
      "RepositoryName": "shop/web",
    ]
    let repository = try #require(CloudResource.ecrRepository(raw, region: "eu-west-1"))
    #expect(repository.id == "arn:aws:ecr:eu-west-1:111122223333:repository/shop/web")
    #expect(repository.name == "shop/web")
    #expect(repository.accountID == "111122223333")
    #expect(CloudResource.ecrRepository(raw, region: nil, accountID: "444455556666")?.accountID == "444455556666")
    let resource = Resource.cloud(repository)
    #expect(resource.type == .containerRegistry && resource.subType == "aws-ecr")
    #expect(CloudResource.ecrRepository(["RepositoryName": "shop/web"], region: nil) == nil)
  }

  @Test func aClassicLoadBalancerIsTheAccountAndItsName() throws {
    let raw: JSONValue = ["LoadBalancerName": "a1b2c3", "DNSName": "a1b2c3-1.eu-west-1.elb.amazonaws.com"]
    let loadBalancer = try #require(
      CloudResource.classicLoadBalancer(raw, region: "eu-west-1", accountID: "111122223333"))
    #expect(loadBalancer.id == "111122223333-a1b2c3")
    #expect(loadBalancer.name == "a1b2c3")
    let resource = Resource.cloud(loadBalancer)
    #expect(resource.type == .loadBalancer && resource.subType == "aws-elb")
    #expect(CloudResource.classicLoadBalancer(["DNSName": "x"], region: nil, accountID: "111122223333") == nil)
  }

  @Test func theKindsAreLabelledAsElasticsEKSFetchersLabelThem() {
    let labels = [CloudResourceKind.eksCluster, .ecrRepository, .classicLoadBalancer].map {
      "\($0.provider) \($0.service) \($0.type.rawValue) \($0.subType)"
    }
    #expect(labels == ["aws EKS caas aws-eks", "aws ECR container-registry aws-ecr", "aws ELB load-balancer aws-elb"])
  }
}
