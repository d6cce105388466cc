/// Fixed credentials: keys from the configuration (with or without a session token).
public struct StaticCredentialProvider: AWSCredentialProvider {
  public let name: String
  private let value: AWSCredentials

  public init(_ credentials: AWSCredentials) {
    value = credentials
    name = credentials.source
  }

  public func credentials() async throws -> AWSCredentials { value }
}
