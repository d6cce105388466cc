import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// The transport's retries: throttling (codes and HTTP 429), 5xx and dropped connections are
/// tried again with backoff; other errors are not; the last error names its code and the
/// attempts made.
@Suite struct AWSClientRetryTests {
  private static let throttled = ScriptedHTTPServer.Response(
    status: 400, headers: [("Content-Type", "text/xml")],
    text: "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      + "<RequestId>req-throttled</RequestId></ErrorResponse>")

  private static let identity = stsAnswer(
    "GetCallerIdentity",
    "<Arn>arn:aws:iam::123456789012:user/kspm</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>")

  /// Calls GetCallerIdentity against a server that answers with `script`, then `identity`.
  private func call(_ script: [ScriptedHTTPServer.Response], clock: ManualClock = ManualClock()) async throws
    -> (Result<STSCallerIdentity, any Error>, [ScriptedHTTPServer.Request])
  {
    try await ScriptedHTTPServer.withServer(script, fallback: Self.identity) { server in
      try await withTransport(endpoint: server.url, clock: clock.awsClock) { transport in
        let client = AWSClient(
          transport: transport, region: "eu-west-3", credentials: StaticCredentialProvider(testCredentials()))
        let result: Result<STSCallerIdentity, any Error>
        do {
          result = .success(try await STSClient(client: client).getCallerIdentity())
        } catch {
          result = .failure(error)
        }
        return (result, server.requests)
      }
    }
  }

  @Test func throttlingCodeIsRetriedThenSucceeds() async throws {
    let clock = ManualClock()
    let (result, requests) = try await call([Self.throttled], clock: clock)
    #expect(try result.get().account == "123456789012")
    #expect(requests.count == 2)
    #expect(clock.sleeps.count == 1)
  }

  @Test func http429IsRetried() async throws {
    let tooMany = ScriptedHTTPServer.Response(status: 429, text: "slow down")
    let (result, requests) = try await call([tooMany, tooMany])
    #expect(try result.get().arn == "arn:aws:iam::123456789012:user/kspm")
    #expect(requests.count == 3)
  }

  @Test func serverErrorsAndDroppedConnectionsAreRetried() async throws {
    let (result, requests) = try await call([.init(status: 503, text: "unavailable"), .drop])
    #expect(try result.get().account == "123456789012")
    #expect(requests.count == 3)
  }

  @Test func backoffGrowsBetweenAttempts() async throws {
    let clock = ManualClock()
    let retry = AWSRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(10))
    _ = try await ScriptedHTTPServer.withServer(
      [Self.throttled, Self.throttled, Self.throttled], fallback: Self.identity
    ) { server in
      try await withTransport(endpoint: server.url, clock: clock.awsClock, retry: retry) { transport in
        let client = AWSClient(
          transport: transport, region: "eu-west-3", credentials: StaticCredentialProvider(testCredentials()))
        _ = try await STSClient(client: client).getCallerIdentity()
      }
    }
    let sleeps = clock.sleeps
    try #require(sleeps.count == 3)
    // Each wait lies between half and all of 100 ms, 200 ms, 400 ms.
    for (index, ceiling) in [Duration.milliseconds(100), .milliseconds(200), .milliseconds(400)].enumerated() {
      #expect(sleeps[index] >= ceiling / 2 && sleeps[index] <= ceiling)
    }
  }

  @Test func exhaustedRetriesThrowTheLastErrorWithItsCode() async throws {
    let (result, requests) = try await call(Array(repeating: Self.throttled, count: 4))
    #expect(requests.count == 4)
    let error = try #require(throws: AWSError.self) { try result.get() }
    #expect(error.code == "Throttling")
    #expect(error.attempts == 4)
    #expect(error.isThrottling && !error.isCredentialProblem)
    #expect(
      "\(error)"
        == "sts GetCallerIdentity: Throttling (HTTP 400): Rate exceeded [request id req-throttled] (after 4 attempts)")
  }

  @Test func clientErrorsAreNotRetried() async throws {
    let invalid = ScriptedHTTPServer.Response(
      status: 400,
      text: "<ErrorResponse><Error><Code>ValidationError</Code><Message>bad</Message></Error></ErrorResponse>")
    let (result, requests) = try await call([invalid])
    #expect(requests.count == 1)
    #expect(throws: AWSError.self) { try result.get() }
  }
}
