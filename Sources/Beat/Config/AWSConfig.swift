import Foundation
import KSPMCore

/// The AWS settings of the EKS benchmark (`kspmbeat.config.v1.aws`): credentials as the
/// integration's policy sends them, plus the default region, one endpoint for every AWS service,
/// and the EKS cluster's name.
public struct AWSConfig: Sendable, Equatable {
  /// `aws.credentials.*`.
  public var credentials: AWSCredentialsConfig
  /// `aws.region`: the region of the cluster and of calls that have no region of their own (else
  /// `aws.credentials.default_region`, then the environment, then the node's instance metadata).
  public var region: String?
  /// `aws.endpoint`: one URL every AWS call goes to (private endpoints, test servers); requests
  /// are still signed for the service and region they address.
  public var endpoint: String?
  /// `aws.cluster_name`: the EKS cluster to describe (else discovered on the node).
  public var clusterName: String?

  public init(
    credentials: AWSCredentialsConfig = AWSCredentialsConfig(), region: String? = nil, endpoint: String? = nil,
    clusterName: String? = nil
  ) {
    self.credentials = credentials
    self.region = region
    self.endpoint = endpoint
    self.clusterName = clusterName
  }

  /// The region configured by either key: `aws.region` first, then `aws.credentials.default_region`.
  public var configuredRegion: String? { region ?? credentials.defaultRegion }
}

extension AWSConfig {
  static let keys: Set<String> = ["credentials", "region", "endpoint", "cluster_name"]

  static func read(_ section: ConfigSection?) throws(ConfigError) -> AWSConfig {
    guard let section else { return AWSConfig() }
    section.warnUnknown(keys)
    let region = try section.nonEmptyString("region")
    if let region, !isRegionName(region) {
      throw section.error("region", "\(ConfigSection.quote(region)) is not an AWS region name (like us-east-1)")
    }
    let endpoint = try section.nonEmptyString("endpoint")
    if let endpoint {
      guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(),
        scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
      else {
        throw section.error(
          "endpoint", "\(ConfigSection.quote(endpoint)) is not an http(s) URL (like https://vpce-1234.amazonaws.com)")
      }
      if url.user != nil || url.password != nil {
        throw section.error("endpoint", "must not carry a user name or password")
      }
    }
    return AWSConfig(
      credentials: try AWSCredentialsConfig.read(section.section("credentials")), region: region,
      endpoint: endpoint, clusterName: try section.nonEmptyString("cluster_name"))
  }

  /// Lower-case letters, digits and dashes, starting with a letter: `us-east-1`, `eu-central-2`,
  /// `us-gov-west-1`, `cn-north-1`.
  static func isRegionName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 64 else { return false }
    return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }
}
