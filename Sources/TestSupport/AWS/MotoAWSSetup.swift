import AWS
import Foundation
import KSPMCore

/// IAM against moto: users, access keys, roles and policies that make moto's signature and
/// permission checks pass once they are on.
///
/// How moto checks (server mode, after `POST /moto-api/reset-auth` with `0`): the access key of
/// a signed request must belong to an IAM user it knows (keys starting `ASIA` with an
/// `X-Amz-Security-Token`: to a session STS issued), the signature is recomputed with that
/// user's secret, and the user's (or role's) IAM policies must allow the action, except
/// `sts:GetCallerIdentity`, which is always allowed. `AssumeRole` also needs the role's trust
/// policy to name the caller (and its `sts:ExternalId` condition to hold). So tests create the
/// user, key, role and policies through the IAM API while checking is still off (any key and
/// signature pass then), and only then turn it on.
public struct MotoIAM {
  public static let service = AWSService(
    endpointPrefix: "iam", signingName: "iam", wireProtocol: .query, apiVersion: "2010-05-08",
    globalEndpoint: .init(host: "iam.amazonaws.com", signingRegion: "us-east-1"))

  public let client: AWSClient

  /// `transport` must point at moto; requests are signed with throwaway keys (moto routes
  /// by the signature's service name).
  public init(transport: AWSTransport) {
    client = AWSClient(
      transport: transport, region: "us-east-1",
      credentials: StaticCredentialProvider(
        AWSCredentials(accessKeyID: "AKIASETUPONLY", secretAccessKey: ConfigSecret("setup"), source: "moto setup")))
  }

  /// A user with an access key; returns the key's credentials and the user's ARN.
  public func createUser(_ name: String) async throws -> (credentials: AWSCredentials, arn: String) {
    let user = try await client.query(Self.service, action: "CreateUser", parameters: [("UserName", name)])
    let key = try await client.query(Self.service, action: "CreateAccessKey", parameters: [("UserName", name)])
    guard let arn = user.child("User")?.string("Arn"), let id = key.child("AccessKey")?.string("AccessKeyId"),
      let secret = key.child("AccessKey")?.string("SecretAccessKey")
    else { throw MotoSetupFailure(description: "moto's IAM answer lacks the user ARN or the access key") }
    return (AWSCredentials(accessKeyID: id, secretAccessKey: ConfigSecret(secret), source: "IAM user \(name)"), arn)
  }

  /// Lets `user` call `sts:AssumeRole` on any role.
  public func allowAssumeRole(user: String) async throws {
    try await allow(user: user, actions: ["sts:AssumeRole"], policyName: "assume-roles")
  }

  /// Lets `user` call `actions` on any resource.
  public func allow(user: String, actions: [String], policyName: String = "allowed") async throws {
    let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
    let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[\#(list)],"Resource":"*"}]}"#
    _ = try await client.query(
      Self.service, action: "PutUserPolicy",
      parameters: [("UserName", user), ("PolicyName", policyName), ("PolicyDocument", policy)])
  }

  /// Lets the role `roleName` call `actions` on any resource.
  public func allow(role roleName: String, actions: [String], policyName: String = "allowed") async throws {
    let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
    let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[\#(list)],"Resource":"*"}]}"#
    _ = try await client.query(
      Self.service, action: "PutRolePolicy",
      parameters: [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policy)])
  }

  /// A role whose trust policy lets `principal` (an ARN) assume it, with `externalID` required
  /// when given, or any web identity when `principal` is nil; returns its ARN.
  public func createRole(_ name: String, trusting principal: String?, externalID: String? = nil) async throws -> String
  {
    let condition = externalID.map { #","Condition":{"StringEquals":{"sts:ExternalId":"\#($0)"}}"# } ?? ""
    let who =
      principal.map { #"{"AWS":"\#($0)"}"# } ?? #"{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks"}"#
    let action = principal == nil ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole"
    let trust =
      #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":\#(who),"Action":"\#(action)"\#(condition)}]}"#
    let role = try await client.query(
      Self.service, action: "CreateRole", parameters: [("RoleName", name), ("AssumeRolePolicyDocument", trust)])
    guard let arn = role.child("Role")?.string("Arn") else {
      throw MotoSetupFailure(description: "moto's CreateRole answer lacks the role ARN")
    }
    return arn
  }
}

/// EC2 against moto: instances with tags.
public struct MotoEC2 {
  public let client: AWSClient

  public init(client: AWSClient) {
    self.client = client
  }

  /// Starts one instance with `tags` and returns its id.
  public func runInstance(tags: [(String, String)]) async throws -> String {
    var parameters = [
      ("ImageId", "ami-03cf127a"), ("MinCount", "1"), ("MaxCount", "1"), ("InstanceType", "t3.micro"),
      ("TagSpecification.1.ResourceType", "instance"),
    ]
    for (index, (key, value)) in tags.enumerated() {
      parameters += [
        ("TagSpecification.1.Tag.\(index + 1).Key", key), ("TagSpecification.1.Tag.\(index + 1).Value", value),
      ]
    }
    let response = try await client.queryResponse(.ec2, action: "RunInstances", parameters: parameters)
    guard let id = response[path: "instancesSet", "item"]?.string("instanceId") else {
      throw MotoSetupFailure(description: "moto's RunInstances answer lacks the instance id")
    }
    return id
  }
}

public struct MotoSetupFailure: Error, CustomStringConvertible {
  public var description: String

  public init(description: String) {
    self.description = description
  }
}
