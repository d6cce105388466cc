// The AWS resources of the cis_eks benchmark built from the AWS API's output in the Go SDK's
// PascalCase, with the identity and name Elastic's EKS fetchers give them. The AWS collectors
// build their resources here, so that ids and names are formed one way.

extension CloudResource {
  /// An EKS cluster from DescribeCluster's output, `{"Cluster": {"Name", "Arn", …}}`, kept whole as
  /// `resource.raw`. Its identity is `Cluster.Arn` and its name `Cluster.Name`; `nil` when either
  /// is missing.
  public static func eksCluster(describeClusterOutput raw: JSONValue, region: String?, accountID: String?)
    -> CloudResource?
  {
    guard let name = raw[path: "Cluster", "Name"]?.stringValue, !name.isEmpty,
      let arn = raw[path: "Cluster", "Arn"]?.stringValue, !arn.isEmpty
    else { return nil }
    return CloudResource(kind: .eksCluster, id: arn, name: name, region: region, accountID: accountID, raw: raw)
  }

  /// An ECR repository from one `Repository` of DescribeRepositories. Its identity is
  /// `RepositoryArn` and its name `RepositoryName`; the account is `RegistryId` unless given. `nil`
  /// when the ARN or the name is missing.
  public static func ecrRepository(_ raw: JSONValue, region: String?, accountID: String? = nil) -> CloudResource? {
    guard let name = raw["RepositoryName"]?.stringValue, !name.isEmpty,
      let arn = raw["RepositoryArn"]?.stringValue, !arn.isEmpty
    else { return nil }
    return CloudResource(
      kind: .ecrRepository, id: arn, name: name, region: region,
      accountID: accountID ?? raw["RegistryId"]?.stringValue, raw: raw)
  }

  /// A classic load balancer from one `LoadBalancerDescription` of ELB DescribeLoadBalancers. A
  /// classic load balancer's description carries no ARN, so its identity is
  /// `<account id>-<LoadBalancerName>`, as Elastic forms it; its name is `LoadBalancerName`. `nil`
  /// when the name is missing.
  public static func classicLoadBalancer(_ raw: JSONValue, region: String?, accountID: String) -> CloudResource? {
    guard let name = raw["LoadBalancerName"]?.stringValue, !name.isEmpty else { return nil }
    return CloudResource(
      kind: .classicLoadBalancer, id: "\(accountID)-\(name)", name: name, region: region, accountID: accountID,
      raw: raw)
  }
}
