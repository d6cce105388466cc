extension AWSService {
  /// Amazon EC2 (the EC2 dialect of the query protocol, `2016-11-15`): answers have no
  /// `<Action>Result` wrapper.
  public static let ec2 = AWSService(
    endpointPrefix: "ec2", signingName: "ec2", wireProtocol: .query, apiVersion: "2016-11-15")
}

/// The few EC2 calls kspmbeat makes: the tags of an instance (`DescribeInstances`).
public struct EC2Client: Sendable {
  public let client: AWSClient

  /// `client` brings the region (the instance's) and the credentials.
  public init(client: AWSClient) {
    self.client = client
  }

  /// The tags of instance `instanceID`, in the order EC2 lists them.
  ///
  /// - Throws: ``AWSError`` (`InvalidInstanceID.NotFound` for an unknown instance; an answer
  ///   without the instance is `.invalidResponse`).
  public func instanceTags(instanceID: String) async throws -> [(key: String, value: String)] {
    let response = try await client.queryResponse(
      .ec2, action: "DescribeInstances", parameters: [("InstanceId.1", instanceID)])
    // DescribeInstancesResponse/reservationSet/item/instancesSet/item/tagSet/item/{key,value}
    let instances = (response.child("reservationSet")?.children("item") ?? [])
      .flatMap { $0.child("instancesSet")?.children("item") ?? [] }
    guard let instance = instances.first(where: { $0.string("instanceId") == instanceID }) ?? instances.first else {
      throw AWSError(
        kind: .invalidResponse, service: AWSService.ec2.signingName, operation: "DescribeInstances",
        message: "the answer does not list instance \(instanceID)")
    }
    return (instance.child("tagSet")?.children("item") ?? []).compactMap { item in
      item.string("key").map { ($0, item.string("value") ?? "") }
    }
  }
}
