import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// Refused credentials: the error says so in plain words, callers can tell it from other
/// failures, expired temporary credentials are renewed once, and secrets never show.
@Suite struct AWSCredentialErrorTests {
  private static func stsError(_ status: Int, _ code: String, _ message: String) -> ScriptedHTTPServer.Response {
    .init(
      status: status, headers: [("Content-Type", "text/xml")],
      text: "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>"
        + "<RequestId>req-1</RequestId></ErrorResponse>")
  }

  private func callerIdentity(
    _ script: [ScriptedHTTPServer.Response],
    provider: any AWSCredentialProvider = StaticCredentialProvider(testCredentials())
  ) async throws -> (AWSError, Int) {
    try await ScriptedHTTPServer.withServer(script, fallback: script.last!) { server in
      try await withTransport(endpoint: server.url) { transport in
        let client = AWSClient(transport: transport, region: "us-east-1", credentials: provider)
        let error = try await #require(throws: AWSError.self) {
          try await STSClient(client: client).getCallerIdentity()
        }
        return (error, server.requests.count)
      }
    }
  }

  @Test func unknownKeyIsACredentialProblem() async throws {
    let (error, requests) = try await callerIdentity([
      Self.stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
    ])
    #expect(requests == 1)
    #expect(error.isCredentialProblem)
    #expect(AWSError.isCredentialProblem(error))
    #expect(
      "\(error)"
        == "sts GetCallerIdentity: the AWS credentials were rejected (InvalidClientTokenId, HTTP 403): "
        + "The security token included in the request is invalid. [request id req-1]")
  }

  @Test func expiredTokenIsRenewedOnceThenReported() async throws {
    let provider = CountingProvider(testCredentials(token: "session-token"))
    let (error, requests) = try await callerIdentity(
      [Self.stsError(400, "ExpiredToken", "The security token included in the request is expired")],
      provider: provider)
    // The first refusal makes the client drop the cached credentials and try once more.
    #expect(requests == 2)
    #expect(await provider.invalidations == 1)
    #expect(await provider.fetches == 2)
    #expect(error.isExpiredCredentials && error.isCredentialProblem)
    #expect("\(error)".hasPrefix("sts GetCallerIdentity: the AWS credentials have expired (ExpiredToken, HTTP 400)"))
  }

  @Test func accessDeniedIsNotACredentialProblem() async throws {
    let (error, _) = try await callerIdentity([Self.stsError(403, "AccessDenied", "not authorized")])
    #expect(error.isAccessDenied)
    #expect(!error.isCredentialProblem)
    #expect("\(error)".contains("the AWS credentials are not allowed to make this call (AccessDenied, HTTP 403)"))
  }

  @Test func otherFailuresAreNotCredentialProblems() {
    let connection = AWSError(kind: .connection, service: "sts", operation: "GetCallerIdentity", message: "refused")
    #expect(!AWSError.isCredentialProblem(connection))
    #expect(!AWSError.isCredentialProblem(CancellationError()))
    #expect(AWSError.isCredentialProblem(AWSCredentialsError(.noneFound, provider: "chain", message: "none")))
  }

  @Test func secretsEchoedByAServiceAreRemovedFromTheMessage() async throws {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    let (error, _) = try await callerIdentity(
      [
        Self.stsError(403, "SignatureDoesNotMatch", "computed with \(secret) and token session-token-value")
      ], provider: StaticCredentialProvider(testCredentials(secret: secret, token: "session-token-value")))
    #expect(error.isCredentialProblem)
    #expect(!"\(error)".contains(secret))
    #expect(!"\(error)".contains("session-token-value"))
    #expect("\(error)".contains("<redacted>"))
  }

  @Test func credentialDescriptionsHideSecrets() {
    let credentials = testCredentials("AKIDEXAMPLE", secret: "top-secret-key", token: "top-secret-token")
    let settings = AWSCredentialSettings(
      accessKeyID: "AKIDEXAMPLE", secretAccessKey: ConfigSecret("top-secret-key"),
      sessionToken: ConfigSecret("top-secret-token"))
    for text in ["\(credentials)", String(reflecting: credentials), "\(settings)", String(reflecting: settings)] {
      #expect(!text.contains("top-secret"), "\(text)")
    }
    var dumped = ""
    dump(credentials, to: &dumped)
    #expect(!dumped.contains("top-secret"))
    #expect("\(credentials)".contains("AKIDEXAMPLE"))
  }
}

/// A provider that counts fetches and invalidations.
actor CountingProvider: AWSCredentialProvider {
  nonisolated let name = "counting provider"
  private let value: AWSCredentials
  private(set) var fetches = 0
  private(set) var invalidations = 0

  init(_ value: AWSCredentials) {
    self.value = value
  }

  func credentials() async throws -> AWSCredentials {
    fetches += 1
    return value
  }

  func invalidate() async {
    invalidations += 1
  }
}
