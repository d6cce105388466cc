import Foundation
import KSPMCore

/// What service clients call: a transport, a region and (usually) credentials.
///
/// ``send(_:to:)`` addresses the operation (``AWSEndpoints``), signs every attempt afresh with
/// the provider's current credentials, retries throttling, 5xx, transient errors, connection
/// failures and timeouts with backoff (``AWSRetryPolicy``), renews expired credentials once,
/// and turns failures into ``AWSError``s. ``query(_:action:parameters:signed:)``,
/// ``json(_:operation:body:)`` and ``restJSON(_:operation:method:path:query:body:)`` add the
/// three wire protocols on top.
///
/// A value type: ``with(region:)`` and ``with(credentials:)`` derive clients that share the
/// transport.
public struct AWSClient: Sendable {
  public let transport: AWSTransport
  public var region: String
  /// `nil`: requests are sent unsigned.
  public var credentials: (any AWSCredentialProvider)?

  public init(transport: AWSTransport, region: String, credentials: (any AWSCredentialProvider)? = nil) {
    self.transport = transport
    self.region = region
    self.credentials = credentials
  }

  /// The same client for another region.
  public func with(region: String) -> AWSClient {
    var copy = self
    copy.region = region
    return copy
  }

  /// The same client with other credentials.
  public func with(credentials: (any AWSCredentialProvider)?) -> AWSClient {
    var copy = self
    copy.credentials = credentials
    return copy
  }

  /// Sends `operation` to `service` and returns the 2xx answer.
  ///
  /// - Throws: ``AWSError`` (the service's error after the last attempt, or a transport failure),
  ///   ``AWSCredentialsError`` when no credentials can be had, ``AWSEndpoints/Invalid`` for a bad
  ///   region or endpoint, `CancellationError`.
  public func send(_ operation: AWSOperation, to service: AWSService) async throws -> AWSResponse {
    let endpoint = try transport.options.endpoints.resolve(service, region: region)
    let options = transport.options
    var generator = SystemRandomNumberGenerator()
    var renewedCredentials = false
    var attempt = 0
    while true {
      attempt += 1
      try Task.checkCancellation()
      var request = AWSRequest(
        method: operation.method, host: endpoint.host, path: endpoint.basePath + operation.path,
        query: operation.query, headers: operation.headers, body: operation.body)
      request.headers.append(("User-Agent", options.userAgent))
      var used: AWSCredentials?
      if operation.signed, let provider = credentials {
        let current = try await provider.credentials()
        used = current
        request =
          SigV4Signer().sign(
            request, credentials: current, region: endpoint.signingRegion, service: service.signingName,
            date: options.clock.now()
          ).request
      }
      var failure: AWSError
      do {
        let response = try await transport.send(
          request, to: endpoint, service: service.signingName, operation: operation.name)
        if (200..<300).contains(response.status) { return response }
        let decoded = AWSErrorDecoder.decode(response, protocol: service.wireProtocol)
        failure = AWSError(
          kind: .service, service: service.signingName, operation: operation.name, code: decoded.code,
          message: Self.redacting(decoded.message, used), status: response.status, requestID: decoded.requestID)
      } catch let error as AWSError {
        failure = error
      }
      failure.attempts = attempt
      if failure.isExpiredCredentials, !renewedCredentials, operation.signed, let provider = credentials {
        // Temporary credentials ran out early (clock skew, revoked session): fetch new ones once.
        renewedCredentials = true
        await provider.invalidate()
        continue
      }
      guard failure.isRetryable, attempt < options.retry.maxAttempts else { throw failure }
      try await options.clock.sleep(options.retry.delay(afterAttempt: attempt, using: &generator))
    }
  }

  /// `message` with the secret and session token of `credentials` replaced (a service that
  /// echoes a request must not put them into a log line).
  static func redacting(_ message: String, _ credentials: AWSCredentials?) -> String {
    guard let credentials else { return message }
    var text = message
    for secret in [credentials.secretAccessKey.value, credentials.sessionToken?.value ?? ""] where secret.count >= 8 {
      text = text.replacingOccurrences(of: secret, with: "<redacted>")
    }
    return text
  }
}
