import Foundation
import KSPMCore

/// Credentials for a role in exchange for an OIDC token read from a file (STS
/// `AssumeRoleWithWebIdentity`, unsigned): EKS IRSA. The file is read again on every renewal
/// (the kubelet rotates the projected token).
public struct WebIdentityCredentialProvider: AWSCredentialProvider {
  public let name: String
  private let tokenFile: String?
  private let roleARN: String?
  private let sessionName: String
  private let client: AWSClient

  /// - Parameters:
  ///   - client: the transport and region of the STS call (sent unsigned).
  public init(tokenFile: String?, roleARN: String?, sessionName: String, client: AWSClient) {
    self.tokenFile = tokenFile
    self.roleARN = roleARN
    self.sessionName = sessionName
    self.client = client.with(credentials: nil)
    name = "web identity" + (roleARN.map { " role \($0)" } ?? "")
  }

  /// From `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME` (default
  /// `defaultSessionName`).
  public init(environment: AWSEnvironment, defaultSessionName: String, client: AWSClient) {
    self.init(
      tokenFile: environment["AWS_WEB_IDENTITY_TOKEN_FILE"], roleARN: environment["AWS_ROLE_ARN"],
      sessionName: environment["AWS_ROLE_SESSION_NAME"] ?? defaultSessionName, client: client)
  }

  public func credentials() async throws -> AWSCredentials {
    guard let tokenFile, let roleARN else {
      let missing = [tokenFile == nil ? "AWS_WEB_IDENTITY_TOKEN_FILE" : nil, roleARN == nil ? "AWS_ROLE_ARN" : nil]
        .compactMap { $0 }
      throw AWSCredentialsError(
        .notConfigured, provider: "web identity", message: missing.joined(separator: " and ") + " not set")
    }
    guard let data = FileManager.default.contents(atPath: tokenFile) else {
      throw AWSCredentialsError(.failed, provider: name, message: "cannot read the token file \(tokenFile)")
    }
    let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard !token.isEmpty else {
      throw AWSCredentialsError(.failed, provider: name, message: "the token file \(tokenFile) is empty")
    }
    do {
      return try await STSClient(client: client).assumeRoleWithWebIdentity(
        roleARN: roleARN, sessionName: sessionName, webIdentityToken: ConfigSecret(token)
      ).credentials
    } catch let error as AWSError {
      throw AWSCredentialsError(.failed, provider: name, message: "\(error)", underlying: error)
    }
  }
}
