import KSPMCore

/// Amazon EKS: the description of a cluster, in the shape Elastic's EKS policies read.
public struct EKSClient: Sendable {
  public let client: AWSClient

  /// `client` brings the region of the cluster and the credentials.
  public init(client: AWSClient) {
    self.client = client
  }

  /// `DescribeCluster` (`GET /clusters/{name}`), as the Go SDK's `DescribeClusterOutput`
  /// marshals: `{"Cluster": {"Name", "Arn", "Version", "Logging": {"ClusterLogging": […]},
  /// "EncryptionConfig", "ResourcesVpcConfig": {…}, …}}` (see ``GoSDKShape``). A cluster
  /// without secrets encryption gets `"EncryptionConfig": null`, as the SDK writes it.
  ///
  /// - Throws: ``AWSError``; code `ResourceNotFoundException` when the region has no such
  ///   cluster.
  public func describeCluster(name: String) async throws -> JSONValue {
    let answer = try await client.restJSON(
      .eks, operation: "DescribeCluster", method: "GET", path: "/clusters/" + AWSPercentEncoding.encode(name))
    guard let raw = answer["cluster"], case .object = raw, case .object(var cluster) = GoSDKShape.pascalCased(raw)
    else {
      throw AWSError(
        kind: .invalidResponse, service: AWSService.eks.signingName, operation: "DescribeCluster",
        message: "the answer has no cluster object")
    }
    if cluster["EncryptionConfig"] == nil { cluster["EncryptionConfig"] = .null }
    return ["Cluster": .object(cluster)]
  }
}
