import Foundation
import KSPMCore

/// AWS Security Token Service: who the credentials belong to, and temporary credentials for a
/// role (with the caller's credentials, or with a web identity token).
public struct STSClient: Sendable {
  public let client: AWSClient

  /// `client` brings the region (regional STS endpoint unless turned off) and the credentials.
  public init(client: AWSClient) {
    self.client = client
  }

  /// The account, ARN and user id of the credentials (`GetCallerIdentity`).
  public func getCallerIdentity() async throws -> STSCallerIdentity {
    let result = try await client.query(.sts, action: "GetCallerIdentity")
    guard let account = result.string("Account"), let arn = result.string("Arn") else {
      throw missing("GetCallerIdentity", "Account and Arn")
    }
    return STSCallerIdentity(account: account, arn: arn, userID: result.string("UserId") ?? "")
  }

  /// Temporary credentials of a role (`AssumeRole`), signed with the client's credentials.
  public func assumeRole(_ request: STSAssumeRoleRequest) async throws -> STSAssumedRole {
    var parameters = [("RoleArn", request.roleARN), ("RoleSessionName", request.sessionName)]
    if let externalID = request.externalID { parameters.append(("ExternalId", externalID)) }
    if let duration = request.durationSeconds { parameters.append(("DurationSeconds", String(duration))) }
    let result = try await client.query(.sts, action: "AssumeRole", parameters: parameters)
    return try assumedRole(result, action: "AssumeRole", source: "role \(request.roleARN)")
  }

  /// Temporary credentials of a role for the holder of an OIDC token (`AssumeRoleWithWebIdentity`:
  /// unsigned; the token is the proof). EKS IRSA.
  public func assumeRoleWithWebIdentity(
    roleARN: String, sessionName: String, webIdentityToken: ConfigSecret, durationSeconds: Int? = nil
  ) async throws -> STSAssumedRole {
    var parameters = [
      ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken.value),
    ]
    if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
    let result = try await client.query(
      .sts, action: "AssumeRoleWithWebIdentity", parameters: parameters, signed: false)
    return try assumedRole(result, action: "AssumeRoleWithWebIdentity", source: "web identity role \(roleARN)")
  }

  private func assumedRole(_ result: XMLReader.Element, action: String, source: String) throws -> STSAssumedRole {
    guard let credentials = result.child("Credentials"), let accessKey = credentials.string("AccessKeyId"),
      let secret = credentials.string("SecretAccessKey"), let token = credentials.string("SessionToken"),
      let expirationText = credentials.string("Expiration")
    else {
      throw missing(action, "Credentials (AccessKeyId, SecretAccessKey, SessionToken, Expiration)")
    }
    guard let expiration = Timestamp.parse(expirationText) else {
      throw missing(action, "a readable Expiration (got \"\(expirationText.prefix(40))\")")
    }
    return STSAssumedRole(
      credentials: AWSCredentials(
        accessKeyID: accessKey, secretAccessKey: ConfigSecret(secret), sessionToken: ConfigSecret(token),
        expiration: expiration, source: source),
      assumedRoleARN: result[path: "AssumedRoleUser", "Arn"]?.text.trimmingXMLWhitespace() ?? "",
      assumedRoleID: result[path: "AssumedRoleUser", "AssumedRoleId"]?.text.trimmingXMLWhitespace() ?? "")
  }

  private func missing(_ action: String, _ what: String) -> AWSError {
    AWSError(kind: .invalidResponse, service: "sts", operation: action, message: "the answer lacks \(what)")
  }
}

/// The identity behind a set of credentials.
public struct STSCallerIdentity: Sendable, Equatable {
  /// The 12-digit account id.
  public var account: String
  /// `arn:aws:iam::123456789012:user/x` or `arn:aws:sts::123456789012:assumed-role/r/session`.
  public var arn: String
  public var userID: String

  public init(account: String, arn: String, userID: String) {
    self.account = account
    self.arn = arn
    self.userID = userID
  }
}

/// What `AssumeRole` needs.
public struct STSAssumeRoleRequest: Sendable, Equatable {
  public var roleARN: String
  /// 2–64 characters of `[\w+=,.@-]`.
  public var sessionName: String
  /// The external id the role's trust policy asks for.
  public var externalID: String?
  /// 900 to the role's maximum session (STS's default: 3600).
  public var durationSeconds: Int?

  public init(roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil) {
    self.roleARN = roleARN
    self.sessionName = sessionName
    self.externalID = externalID
    self.durationSeconds = durationSeconds
  }
}

/// Temporary credentials of an assumed role.
public struct STSAssumedRole: Sendable, Equatable {
  public var credentials: AWSCredentials
  /// `arn:aws:sts::123456789012:assumed-role/role/session`.
  public var assumedRoleARN: String
  public var assumedRoleID: String
}
