// The AWS resource kinds of the cis_eks benchmark, as Elastic's EKS fetchers label them
// (`resource.type` / `resource.sub_type`, `cloud.service.name`). They live here, beside
// `CloudResourceKind`, because both the AWS collectors and the benchmark checks use them and
// neither depends on the other. `AWSCloudResources.swift` builds the resources with their ids and
// names.

extension CloudResourceKind {
  /// An EKS cluster: `resource.raw` is EKS `DescribeCluster`'s output in the AWS Go SDK's
  /// PascalCase, `{"Cluster": {"Name", "Arn", "Logging", "EncryptionConfig", "ResourcesVpcConfig", …}}`
  /// (`caas` / `aws-eks`, service `EKS`). `resource.name` is the cluster name, the id its ARN.
  public static let eksCluster = CloudResourceKind(
    provider: "aws", service: "EKS", type: .containerService, subType: "aws-eks", title: "EKS cluster")

  /// A private ECR repository: `resource.raw` is one `Repository` of ECR `DescribeRepositories` in
  /// PascalCase (`RepositoryArn`, `RepositoryName`, `ImageScanningConfiguration.ScanOnPush`, …)
  /// (`container-registry` / `aws-ecr`, service `ECR`). `resource.name` is the repository name, the id
  /// its ARN.
  public static let ecrRepository = CloudResourceKind(
    provider: "aws", service: "ECR", type: .containerRegistry, subType: "aws-ecr", title: "ECR repository")

  /// A classic Elastic Load Balancer: `resource.raw` is one `LoadBalancerDescription` of ELB
  /// `DescribeLoadBalancers` in PascalCase (`LoadBalancerName`, `DNSName`,
  /// `ListenerDescriptions[].Listener.{Protocol, LoadBalancerPort, InstanceProtocol, InstancePort,
  /// SSLCertificateId}`, …) (`load-balancer` / `aws-elb`, service `ELB`). `resource.name` is the
  /// load balancer's name, the id `<account id>-<name>` (a classic load balancer has no ARN in its
  /// description).
  public static let classicLoadBalancer = CloudResourceKind(
    provider: "aws", service: "ELB", type: .loadBalancer, subType: "aws-elb", title: "classic load balancer")
}
