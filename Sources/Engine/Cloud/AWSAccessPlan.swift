import AWS
import KSPMCore

/// How a cycle reaches AWS, resolved from the configuration: credentials, the default region, one
/// endpoint for every service (`nil`: the standard endpoints), and the EKS cluster's name (`nil`:
/// discovered on the node).
public struct AWSAccessPlan: Sendable, Equatable {
  public var credentials: AWSCredentialSettings
  public var region: String?
  public var endpoint: String?
  public var clusterName: String?

  public init(
    credentials: AWSCredentialSettings = AWSCredentialSettings(), region: String? = nil, endpoint: String? = nil,
    clusterName: String? = nil
  ) {
    self.credentials = credentials
    self.region = region
    self.endpoint = endpoint
    self.clusterName = clusterName
  }
}
