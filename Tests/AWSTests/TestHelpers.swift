import AWS
import Foundation
import KSPMCore
import TestSupport

/// A clock the test moves by hand, and a record of the sleeps the code asked for (which return
/// at once).
final class ManualClock: Sendable {
  private let state: LockedValue<(now: Date, sleeps: [Duration])>

  init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
    state = LockedValue((start, []))
  }

  var now: Date { state.withLock { $0.now } }
  var sleeps: [Duration] { state.withLock { $0.sleeps } }

  func advance(by seconds: TimeInterval) {
    state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
  }

  /// The clock for ``AWSTransport/Options``: `now` reads this clock; `sleep` records, advances
  /// the clock by the duration and returns (throwing when the task is cancelled).
  var awsClock: AWSClock {
    AWSClock(
      now: { self.now },
      sleep: { duration in
        try Task.checkCancellation()
        self.state.withLock {
          $0.sleeps.append(duration)
          $0.now = $0.now.addingTimeInterval(
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
      })
  }
}

/// A transport to `endpoint` (every service), with test-sized retries, run for `body` and shut
/// down afterwards.
func withTransport<Result: Sendable>(
  endpoint: String?, clock: AWSClock = .system,
  retry: AWSRetryPolicy = AWSRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10)),
  requestTimeout: Duration = .seconds(10), _ body: (AWSTransport) async throws -> Result
) async throws -> Result {
  let transport = try AWSTransport(
    options: .init(
      endpoints: AWSEndpoints(override: endpoint), retry: retry, requestTimeout: requestTimeout,
      metadataTimeout: .seconds(10), clock: clock))
  do {
    let result = try await body(transport)
    try await transport.shutdown()
    return result
  } catch {
    try? await transport.shutdown()
    throw error
  }
}

/// Fixed test credentials.
func testCredentials(
  _ key: String = "AKIDEXAMPLE", secret: String = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token: String? = nil,
  expiration: Date? = nil, source: String = "the test"
) -> AWSCredentials {
  AWSCredentials(
    accessKeyID: key, secretAccessKey: ConfigSecret(secret), sessionToken: token.map(ConfigSecret.init),
    expiration: expiration, source: source)
}

/// A folder of its own under the temporary directory, removed after `body`.
func withTemporaryFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aws-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  return try await body(folder)
}

/// Writes `text` to `name` in `folder` and returns the path.
@discardableResult
func write(_ text: String, to name: String, in folder: URL) throws -> String {
  let url = folder.appendingPathComponent(name)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// An STS query-protocol answer for `action` with `result` inside its `<…Result>`.
func stsAnswer(_ action: String, _ result: String) -> ScriptedHTTPServer.Response {
  .init(
    status: 200, headers: [("Content-Type", "text/xml")],
    text: """
      <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(action)Result>\(result)</\(action)Result>\
      <ResponseMetadata><RequestId>req-\(action)</RequestId></ResponseMetadata></\(action)Response>
      """)
}

/// An `AssumeRole` answer with credentials `key` / `secret` / `token` that expire at `expiration`.
func assumeRoleAnswer(
  _ key: String, secret: String = "assumed/secret", token: String = "assumed-token",
  expiration: String = "2100-01-01T00:00:00Z", action: String = "AssumeRole"
) -> ScriptedHTTPServer.Response {
  stsAnswer(
    action,
    """
    <Credentials><AccessKeyId>\(key)</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey>\
    <SessionToken>\(token)</SessionToken><Expiration>\(expiration)</Expiration></Credentials>\
    <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\
    <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
    """)
}

/// The form parameters of a query-protocol request body.
func formParameters(_ request: ScriptedHTTPServer.Request) -> [String: String] {
  var parameters: [String: String] = [:]
  for pair in request.text.split(separator: "&") {
    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let key = AWSPercentEncoding.decode(String(parts[0])) ?? ""
    parameters[key] = parts.count > 1 ? AWSPercentEncoding.decode(String(parts[1])) ?? "" : ""
  }
  return parameters
}
