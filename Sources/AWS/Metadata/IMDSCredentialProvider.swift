/// The credentials of the EC2 instance's IAM role, from IMDSv2
/// (`/latest/meta-data/iam/security-credentials/<role>`).
///
/// Not configured when IMDS is turned off, does not answer (not on EC2, or a pod that cannot
/// reach it), or the instance has no role.
public struct IMDSCredentialProvider: AWSCredentialProvider {
  public let name: String
  private let client: IMDSClient?

  /// `client` `nil`: IMDS is turned off (`AWS_EC2_METADATA_DISABLED`).
  public init(client: IMDSClient?) {
    self.client = client
    name = client.map { "EC2 instance metadata (IMDSv2 at \($0.endpoint))" } ?? "EC2 instance metadata"
  }

  public func credentials() async throws -> AWSCredentials {
    guard let client else {
      throw AWSCredentialsError(.notConfigured, provider: name, message: "AWS_EC2_METADATA_DISABLED is true")
    }
    let roles: String
    do {
      roles = try await client.get("/latest/meta-data/iam/security-credentials/")
    } catch let error as AWSError where error.kind == .connection || error.kind == .timeout {
      throw AWSCredentialsError(
        .notConfigured, provider: name, message: "no answer (not on EC2?): \(error.message)", underlying: error)
    } catch let error as AWSError where error.status == 404 {
      throw AWSCredentialsError(.notConfigured, provider: name, message: "the instance has no IAM role")
    } catch let error as AWSError {
      throw AWSCredentialsError(.failed, provider: name, message: "\(error)", underlying: error)
    }
    guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty,
      !role.contains("/")
    else {
      throw AWSCredentialsError(.notConfigured, provider: name, message: "the instance has no IAM role")
    }
    let body: String
    do {
      body = try await client.get("/latest/meta-data/iam/security-credentials/" + AWSPercentEncoding.encode(role))
    } catch let error as AWSError {
      throw AWSCredentialsError(.failed, provider: name, message: "\(error)", underlying: error)
    }
    return try MetadataCredentialsDocument.parse(Array(body.utf8), source: "EC2 instance role \(role)", provider: name)
  }
}
