import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// libbeat's precedence: static keys, else the named (or default) profile of the shared files,
/// else the SDK chain (environment, web identity, profile, container, IMDS); a role is assumed
/// on top of whichever was found.
@Suite struct CredentialPrecedenceTests {
  /// The provider of `settings` in a home folder with `files` (name → text) and `variables`;
  /// IMDS is off unless a variable names it; STS calls go to `sts` when given.
  private func credentials(
    _ settings: AWSCredentialSettings, variables: [String: String] = [:], files: [String: String] = [:],
    sts: String? = nil
  ) async throws -> AWSCredentials {
    try await withTemporaryFolder { home in
      for (name, text) in files { try write(text, to: name, in: home) }
      var variables = variables
      if variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] == nil { variables["AWS_EC2_METADATA_DISABLED"] = "true" }
      let environment = AWSEnvironment(variables: variables, homeDirectory: home.path)
      return try await withTransport(endpoint: sts ?? "http://127.0.0.1:9") { transport in
        let client = AWSClient(transport: transport, region: "eu-west-3")
        return try await AWSCredentialProviders.make(settings, environment: environment, client: client).credentials()
      }
    }
  }

  private static let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "env-secret"]
  private static let defaultProfile = [
    ".aws/credentials": "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = default-secret\n"
  ]

  @Test func staticKeysComeFirst() async throws {
    let settings = AWSCredentialSettings(
      accessKeyID: "AKIASTATIC", secretAccessKey: ConfigSecret("static-secret"), sessionToken: ConfigSecret("tok"),
      profile: "default")
    let found = try await credentials(settings, variables: Self.environmentKeys, files: Self.defaultProfile)
    #expect(found.accessKeyID == "AKIASTATIC")
    #expect(found.secretAccessKey.value == "static-secret")
    #expect(found.sessionToken?.value == "tok")
    #expect(found.source == "static keys")
  }

  @Test func aStaticKeyWithoutItsSecretIsAnError() async throws {
    for settings in [
      AWSCredentialSettings(accessKeyID: "AKIASTATIC"),
      AWSCredentialSettings(sessionToken: ConfigSecret("only-a-token")),
    ] {
      let error = try await #require(throws: AWSCredentialsError.self) {
        try await credentials(settings, variables: Self.environmentKeys)
      }
      #expect(error.reason == .failed)
      #expect("\(error)".contains("access_key_id and secret_access_key must both be set"))
    }
  }

  @Test func aNamedProfileIsUsedEvenWhenEnvironmentKeysAreSet() async throws {
    let files = [".aws/credentials": "[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = prod-secret\n"]
    let found = try await credentials(
      AWSCredentialSettings(profile: "prod"), variables: Self.environmentKeys, files: files)
    #expect(found.accessKeyID == "AKIAPROD")
  }

  @Test func configFileProfilesNeedTheProfilePrefix() async throws {
    let files = [
      ".aws/config": """
      [cfg]
      aws_access_key_id = AKIABARESECTION
      aws_secret_access_key = ignored
      [profile cfg]
      region = eu-west-1
      aws_access_key_id = AKIACONFIGFILE
      aws_secret_access_key = config-secret
      """,
      // In the credentials file the prefixed form is the one that is ignored.
      ".aws/credentials": "[profile cfg]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = wrong\n",
    ]
    let found = try await credentials(AWSCredentialSettings(profile: "cfg"), files: files)
    #expect(found.accessKeyID == "AKIACONFIGFILE")
  }

  @Test func aMissingNamedProfileIsAnErrorNotAFallThrough() async throws {
    let error = try await #require(throws: AWSCredentialsError.self) {
      try await credentials(
        AWSCredentialSettings(profile: "nope"), variables: Self.environmentKeys, files: Self.defaultProfile)
    }
    #expect(error.reason == .failed)
    #expect("\(error)".contains("there is no profile nope"))
  }

  @Test func aSharedCredentialsFileSettingReplacesTheDefaultFile() async throws {
    try await withTemporaryFolder { folder in
      let path = try write(
        "[default]\naws_access_key_id = AKIASHAREDFILE\naws_secret_access_key = s\n", to: "creds", in: folder)
      let found = try await credentials(AWSCredentialSettings(sharedCredentialsFile: path), files: Self.defaultProfile)
      #expect(found.accessKeyID == "AKIASHAREDFILE")
      let missing = AWSCredentialSettings(sharedCredentialsFile: folder.path + "/absent")
      let error = try await #require(throws: AWSCredentialsError.self) { try await credentials(missing) }
      #expect("\(error)".contains("does not exist"))
    }
  }

  @Test func withNothingConfiguredEnvironmentKeysComeBeforeTheDefaultProfile() async throws {
    let fromEnvironment = try await credentials(
      AWSCredentialSettings(), variables: Self.environmentKeys, files: Self.defaultProfile)
    #expect(fromEnvironment.accessKeyID == "AKIAENVIRONMENT")
    let fromProfile = try await credentials(AWSCredentialSettings(), files: Self.defaultProfile)
    #expect(fromProfile.accessKeyID == "AKIADEFAULTPROFILE")
    let named = try await credentials(
      AWSCredentialSettings(),
      variables: ["AWS_PROFILE": "other"],
      files: [".aws/credentials": "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = o\n"])
    #expect(named.accessKeyID == "AKIAOTHER")
  }

  @Test func withNoSourceTheErrorListsEveryOneTried() async throws {
    let error = try await #require(throws: AWSCredentialsError.self) { try await credentials(AWSCredentialSettings()) }
    #expect(error.reason == .noneFound)
    #expect(AWSError.isCredentialProblem(error))
    let text = "\(error)"
    for source in [
      "environment variables", "web identity", "profile default", "container credentials", "EC2 instance metadata",
    ] {
      #expect(text.contains(source), "\(text)")
    }
  }

  @Test func aRoleIsAssumedWithTheStaticKeysAndTheExternalID() async throws {
    try await ScriptedHTTPServer.withServer([assumeRoleAnswer("ASIAROLE")]) { server in
      let settings = AWSCredentialSettings(
        accessKeyID: "AKIASTATIC", secretAccessKey: ConfigSecret("static-secret"),
        roleARN: "arn:aws:iam::123456789012:role/kspm", externalID: "ext-42", roleSessionName: "kspm-session",
        assumeRoleDurationSeconds: 1800)
      let found = try await credentials(settings, sts: server.url)
      #expect(found.accessKeyID == "ASIAROLE")
      #expect(found.sessionToken?.value == "assumed-token")
      let request = try #require(server.requests.first)
      #expect(
        formParameters(request) == [
          "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/kspm",
          "RoleSessionName": "kspm-session", "ExternalId": "ext-42", "DurationSeconds": "1800",
        ])
      #expect(request.header("Authorization")?.contains("Credential=AKIASTATIC/") == true)
    }
  }

  @Test func aRoleIsAssumedOnTopOfAProfile() async throws {
    try await ScriptedHTTPServer.withServer([assumeRoleAnswer("ASIAFROMPROFILE")]) { server in
      let settings = AWSCredentialSettings(profile: "default", roleARN: "arn:aws:iam::123456789012:role/kspm")
      let found = try await credentials(settings, files: Self.defaultProfile, sts: server.url)
      #expect(found.accessKeyID == "ASIAFROMPROFILE")
      let request = try #require(server.requests.first)
      #expect(request.header("Authorization")?.contains("Credential=AKIADEFAULTPROFILE/") == true)
      #expect(formParameters(request)["ExternalId"] == nil)
      #expect(formParameters(request)["RoleSessionName"]?.hasPrefix("kspmbeat-") == true)
    }
  }

  @Test func webIdentityFromTheEnvironmentIsExchangedUnsigned() async throws {
    try await withTemporaryFolder { folder in
      let tokenFile = try write("eyJhbGciOiJSUzI1NiJ9.web-identity.sig\n", to: "token", in: folder)
      try await ScriptedHTTPServer.withServer([assumeRoleAnswer("ASIAIRSA", action: "AssumeRoleWithWebIdentity")]) {
        server in
        let variables = [
          "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
          "AWS_ROLE_SESSION_NAME": "irsa-session",
        ]
        let found = try await credentials(AWSCredentialSettings(), variables: variables, sts: server.url)
        #expect(found.accessKeyID == "ASIAIRSA")
        let request = try #require(server.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(
          formParameters(request) == [
            "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
            "RoleArn": "arn:aws:iam::123456789012:role/irsa", "RoleSessionName": "irsa-session",
            "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.web-identity.sig",
          ])
      }
    }
  }
}
