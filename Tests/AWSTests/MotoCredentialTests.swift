import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// Every way of configuring credentials, each ending in a signed STS GetCallerIdentity that moto
/// accepts with signature checking on (see ``MotoIAM`` for how moto checks and why the IAM
/// setup runs first).
@Suite struct MotoCredentialTests {
  private func withMoto(_ body: (MotoServer, AWSTransport, MotoIAM) async throws -> Void) async throws {
    try await MotoServer.withShared { moto in
      try await withTransport(endpoint: moto.url) { transport in
        try await body(moto, transport, MotoIAM(transport: transport))
      }
    }
  }

  /// The provider of `settings` (IMDS off, home `home`), and the client signing with it.
  private func client(
    _ settings: AWSCredentialSettings, transport: AWSTransport, variables: [String: String] = [:], home: String? = nil
  ) throws -> AWSClient {
    var variables = variables
    variables["AWS_EC2_METADATA_DISABLED"] = "true"
    let bare = AWSClient(transport: transport, region: "eu-west-3")
    let provider = try AWSCredentialProviders.make(
      settings, environment: AWSEnvironment(variables: variables, homeDirectory: home), client: bare)
    return bare.with(credentials: provider)
  }

  private func staticSettings(_ credentials: AWSCredentials) -> AWSCredentialSettings {
    AWSCredentialSettings(
      accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken)
  }

  @Test func staticKeys() async throws {
    try await withMoto { moto, transport, iam in
      let user = try await iam.createUser("kspm")
      try await moto.enableSignatureChecking()
      let identity = try await STSClient(client: client(staticSettings(user.credentials), transport: transport))
        .getCallerIdentity()
      #expect(identity.arn == user.arn)
      #expect(identity.account == "123456789012")

      var wrongSecret = user.credentials
      wrongSecret.secretAccessKey = ConfigSecret("not-the-secret")
      let mismatch = try await #require(throws: AWSError.self) {
        try await STSClient(client: client(staticSettings(wrongSecret), transport: transport)).getCallerIdentity()
      }
      #expect(mismatch.code == "SignatureDoesNotMatch")
      #expect(mismatch.isCredentialProblem)
      #expect("\(mismatch)".contains("the AWS credentials were rejected (SignatureDoesNotMatch, HTTP 403)"))
      #expect(!"\(mismatch)".contains("not-the-secret"))

      let unknown = try await #require(throws: AWSError.self) {
        try await STSClient(client: client(staticSettings(testCredentials("AKIAUNKNOWN")), transport: transport))
          .getCallerIdentity()
      }
      #expect(unknown.code == "InvalidClientTokenId")
      #expect("\(unknown)".contains("the AWS credentials were rejected (InvalidClientTokenId"))
    }
  }

  /// Static keys with a session token: the temporary credentials of an AssumeRole (moto's
  /// GetSessionToken hands out one fixed example key that its own checks do not know).
  @Test func staticKeysWithASessionToken() async throws {
    try await withMoto { moto, transport, iam in
      let user = try await iam.createUser("kspm")
      try await iam.allowAssumeRole(user: "kspm")
      let roleARN = try await iam.createRole("session-role", trusting: user.arn)
      try await moto.enableSignatureChecking()
      let userClient = AWSClient(
        transport: transport, region: "eu-west-3", credentials: StaticCredentialProvider(user.credentials))
      let session = try await STSClient(client: userClient).assumeRole(
        STSAssumeRoleRequest(roleARN: roleARN, sessionName: "with-token")
      ).credentials
      #expect(session.sessionToken != nil)
      let identity = try await STSClient(client: client(staticSettings(session), transport: transport))
        .getCallerIdentity()
      #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/session-role/with-token")

      var wrongToken = session
      wrongToken.sessionToken = ConfigSecret("not-the-token")
      let error = try await #require(throws: AWSError.self) {
        try await STSClient(client: client(staticSettings(wrongToken), transport: transport)).getCallerIdentity()
      }
      #expect(error.isCredentialProblem)
    }
  }

  @Test func sharedCredentialsFileAndProfile() async throws {
    try await withTemporaryFolder { folder in
      try await withMoto { moto, transport, iam in
        let user = try await iam.createUser("kspm")
        let other = try await iam.createUser("from-config")
        let credentialsFile = try write(
          """
          [default]
          aws_access_key_id = AKIANOTUSED
          aws_secret_access_key = not-used
          [kspm]
          aws_access_key_id = \(user.credentials.accessKeyID)
          aws_secret_access_key = \(user.credentials.secretAccessKey.value)
          """, to: "credentials", in: folder)
        let configFile = try write(
          """
          [profile from-config]
          region = eu-west-3
          aws_access_key_id = \(other.credentials.accessKeyID)
          aws_secret_access_key = \(other.credentials.secretAccessKey.value)
          """, to: "config", in: folder)
        try await moto.enableSignatureChecking()

        let fromFile = try client(
          AWSCredentialSettings(sharedCredentialsFile: credentialsFile, profile: "kspm"), transport: transport)
        #expect(try await STSClient(client: fromFile).getCallerIdentity().arn == user.arn)

        let fromConfig = try client(
          AWSCredentialSettings(profile: "from-config"), transport: transport,
          variables: ["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_CONFIG_FILE": configFile])
        #expect(try await STSClient(client: fromConfig).getCallerIdentity().arn == other.arn)
      }
    }
  }

  @Test func roleARNWithExternalID() async throws {
    try await withMoto { moto, transport, iam in
      let user = try await iam.createUser("kspm")
      try await iam.allowAssumeRole(user: "kspm")
      let roleARN = try await iam.createRole("kspm-role", trusting: user.arn, externalID: "kspm-external-7")
      try await moto.enableSignatureChecking()
      var settings = staticSettings(user.credentials)
      settings.roleARN = roleARN
      settings.externalID = "kspm-external-7"
      settings.roleSessionName = "kspm-test"
      let identity = try await STSClient(client: client(settings, transport: transport)).getCallerIdentity()
      #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/kspm-role/kspm-test")

      settings.externalID = "wrong-external-id"
      let error = try await #require(throws: AWSCredentialsError.self) {
        try await STSClient(client: client(settings, transport: transport)).getCallerIdentity()
      }
      #expect(error.underlying?.isAccessDenied == true)
      #expect("\(error)".contains("role \(roleARN)"))
    }
  }

  /// IRSA: moto answers every unsigned request with HTTP 500 while checking is on, so the
  /// (unsigned) AssumeRoleWithWebIdentity runs before checking is turned on; the credentials it
  /// gave then sign GetCallerIdentity with checking on.
  @Test func webIdentityTokenFileAndRoleARN() async throws {
    try await withTemporaryFolder { folder in
      try await withMoto { moto, transport, iam in
        let roleARN = try await iam.createRole("irsa-role", trusting: nil)
        let tokenFile = try write("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2ln", to: "token", in: folder)
        let irsaClient = try client(
          AWSCredentialSettings(), transport: transport,
          variables: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": roleARN, "AWS_ROLE_SESSION_NAME": "irsa-test",
          ])
        let credentials = try #require(try await irsaClient.credentials?.credentials())
        #expect(credentials.sessionToken != nil && credentials.expiration != nil)
        try await moto.enableSignatureChecking()
        let identity = try await STSClient(client: irsaClient).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/irsa-role/irsa-test")
      }
    }
  }
}
