import Foundation
import KSPMCore

/// `AWS_ACCESS_KEY_ID` (or `AWS_ACCESS_KEY`), `AWS_SECRET_ACCESS_KEY` (or `AWS_SECRET_KEY`) and
/// the optional `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION`. Not configured unless both
/// the key and the secret are set, as in the Go SDK.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
  public let name = "environment variables"
  private let environment: AWSEnvironment

  public init(environment: AWSEnvironment) {
    self.environment = environment
  }

  public func credentials() async throws -> AWSCredentials {
    let key = environment["AWS_ACCESS_KEY_ID"] ?? environment["AWS_ACCESS_KEY"]
    let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? environment["AWS_SECRET_KEY"]
    guard let key, let secret else {
      let message =
        switch (key, secret) {
        case (nil, nil): "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
        case (nil, _): "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
        default: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
        }
      throw AWSCredentialsError(.notConfigured, provider: name, message: message)
    }
    var expiration: Date?
    if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
      guard let date = Timestamp.parse(text) else {
        throw AWSCredentialsError(
          .failed, provider: name, message: "AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time")
      }
      expiration = date
    }
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: ConfigSecret(secret),
      sessionToken: environment["AWS_SESSION_TOKEN"].map(ConfigSecret.init),
      expiration: expiration, source: name)
  }
}
