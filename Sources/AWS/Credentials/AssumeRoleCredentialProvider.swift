/// Temporary credentials of a role (STS `AssumeRole`), requested with the credentials of
/// another provider. Wrap it in a ``CachedCredentialProvider`` so that the role is assumed again
/// only when its credentials are about to expire.
public struct AssumeRoleCredentialProvider: AWSCredentialProvider {
  public let name: String
  private let base: any AWSCredentialProvider
  private let request: STSAssumeRoleRequest
  private let client: AWSClient

  /// - Parameters:
  ///   - base: the credentials that call STS.
  ///   - client: the transport and region of the STS call (its own credentials are not used).
  public init(base: any AWSCredentialProvider, request: STSAssumeRoleRequest, client: AWSClient) {
    self.base = base
    self.request = request
    self.client = client.with(credentials: base)
    name = "role \(request.roleARN)"
  }

  public func credentials() async throws -> AWSCredentials {
    do {
      return try await STSClient(client: client).assumeRole(request).credentials
    } catch let error as AWSError {
      throw AWSCredentialsError(
        .failed, provider: name, message: "\(error) (with \(base.name) as the source credentials)",
        underlying: error)
    }
  }

  public func invalidate() async {
    await base.invalidate()
  }
}
