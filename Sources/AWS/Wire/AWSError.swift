/// A failed AWS call: the service's error (code, message, HTTP status, request id), or a
/// transport failure (connection, timeout, unreadable answer).
///
/// The description says which call failed and why, and for rejected or expired credentials
/// says so plainly. It never holds request bodies, headers or secrets: the message is the
/// service's own text, with any secret of the credentials used removed.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The service answered with an error.
    case service
    /// No connection, or the connection broke before an answer.
    case connection
    /// No answer within the deadline.
    case timeout
    /// An answer that is not what the protocol promises (not XML/JSON, missing fields).
    case invalidResponse
  }

  public var kind: Kind
  /// The signing name of the service (`sts`, `eks`, `ecr`, `elasticloadbalancing`).
  public var service: String
  /// The operation (`AssumeRole`, `DescribeCluster`).
  public var operation: String
  /// The AWS error code (`AccessDenied`, `ThrottlingException`); for an error without one,
  /// `HTTP <status>`; empty for transport failures.
  public var code: String
  public var message: String
  /// The HTTP status of a service error.
  public var status: Int?
  /// The request id AWS gave (`x-amzn-RequestId` or the body's `RequestId`).
  public var requestID: String?
  /// Attempts made before giving up (1 when the error was not retried).
  public var attempts: Int

  public init(
    kind: Kind, service: String, operation: String, code: String = "", message: String, status: Int? = nil,
    requestID: String? = nil, attempts: Int = 1
  ) {
    self.kind = kind
    self.service = service
    self.operation = operation
    self.code = code
    self.message = message
    self.status = status
    self.requestID = requestID
    self.attempts = attempts
  }

  /// Error codes that mean AWS refused the credentials themselves: an unknown access key, a
  /// signature made with the wrong secret, a bad or expired session token, a refused web
  /// identity token (``expiredCredentialCodes`` included).
  public static let credentialErrorCodes: Set<String> = Set([
    "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "InvalidSignatureException",
    "IncompleteSignature", "AuthFailure", "InvalidAccessKeyId", "MissingAuthenticationToken",
    "MissingAuthenticationTokenException", "InvalidToken", "InvalidIdentityToken",
  ]).union(expiredCredentialCodes)
  /// Codes that mean temporary credentials ran out (a fresh set may work).
  public static let expiredCredentialCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException"]
  /// Codes that mean valid credentials lack the permission for this call.
  public static let accessDeniedCodes: Set<String> = [
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
  ]
  /// Codes that mean the signing time is too far from AWS's clock.
  public static let clockSkewCodes: Set<String> = ["RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture"]
  /// Codes of throttling (rate limits).
  public static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled",
    "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
  ]
  /// Codes of transient server-side failures worth another attempt.
  public static let transientCodes: Set<String> = [
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
    "InternalServiceError", "InternalServerException", "ServiceUnavailable", "ServiceUnavailableException",
    "IDPCommunicationError",
  ]

  /// Whether AWS refused the credentials themselves (unknown key, bad signature, bad or expired
  /// token): fixing the credentials, not retrying, helps. A call that valid credentials may not
  /// make is ``isAccessDenied`` instead.
  public var isCredentialProblem: Bool {
    kind == .service && (Self.credentialErrorCodes.contains(code) || status == 401)
  }

  /// Whether the credentials have expired (refreshing them may help).
  public var isExpiredCredentials: Bool { kind == .service && Self.expiredCredentialCodes.contains(code) }

  /// Whether the credentials were accepted but lack the permission for the call.
  public var isAccessDenied: Bool { kind == .service && Self.accessDeniedCodes.contains(code) }

  /// Whether the service asked the caller to slow down.
  public var isThrottling: Bool { kind == .service && (Self.throttlingCodes.contains(code) || status == 429) }

  /// Whether another attempt may succeed: throttling, 5xx, transient codes, connection failures
  /// and timeouts.
  public var isRetryable: Bool {
    switch kind {
    case .connection, .timeout: return true
    case .invalidResponse: return false
    case .service:
      return isThrottling || Self.transientCodes.contains(code) || (status.map { $0 >= 500 } ?? false)
    }
  }

  /// `sts GetCallerIdentity: the AWS credentials were rejected (InvalidClientTokenId, HTTP 403):
  /// The security token included in the request is invalid. [request id …]`; other service
  /// errors read `eks DescribeCluster: ResourceNotFoundException (HTTP 404): …`.
  public var description: String {
    var text = "\(service) \(operation): "
    switch kind {
    case .service:
      var code = self.code
      if let status, code != "HTTP \(status)" { code += ", HTTP \(status)" }
      if isExpiredCredentials {
        text += "the AWS credentials have expired (\(code))"
      } else if isCredentialProblem {
        text += "the AWS credentials were rejected (\(code))"
      } else if isAccessDenied {
        text += "the AWS credentials are not allowed to make this call (\(code))"
      } else if Self.clockSkewCodes.contains(self.code) {
        text += "the request's time is too far from AWS's clock; check the node's clock (\(code))"
      } else {
        text += self.code + (code == self.code ? "" : " (HTTP \(status ?? 0))")
      }
      if !message.isEmpty { text += ": \(message)" }
    case .connection: text += "cannot connect: \(message)"
    case .timeout: text += "no answer in time: \(message)"
    case .invalidResponse: text += "unexpected answer: \(message)"
    }
    if let requestID { text += " [request id \(requestID)]" }
    if attempts > 1 { text += " (after \(attempts) attempts)" }
    return text
  }

  /// Whether `error` is a credentials problem: AWS refused the credentials
  /// (``isCredentialProblem``), or none could be had (``AWSCredentialsError``).
  public static func isCredentialProblem(_ error: any Error) -> Bool {
    if let error = error as? AWSError { return error.isCredentialProblem }
    return error is AWSCredentialsError
  }
}
