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

  /// Error codes that mean the credentials were refused: unknown, expired, wrongly signed, or
  /// without permission.
  public static let credentialErrorCodes: Set<String> = [
    "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
    "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature", "AuthFailure", "AccessDenied",
    "AccessDeniedException", "InvalidAccessKeyId", "MissingAuthenticationToken", "RequestExpired",
    "InvalidToken", "InvalidIdentityToken", "UnauthorizedOperation", "NotAuthorized",
  ]
  /// Codes that mean temporary credentials ran out (a fresh set may work).
  public static let expiredCredentialCodes: Set<String> = [
    "ExpiredToken", "ExpiredTokenException", "RequestExpired",
  ]
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

  /// Whether AWS refused the credentials (unknown key, bad signature, expired token, or no
  /// permission for this call).
  public var isCredentialProblem: Bool {
    kind == .service && (Self.credentialErrorCodes.contains(code) || status == 401)
  }

  /// Whether the credentials have expired (refreshing them may help).
  public var isExpiredCredentials: Bool { kind == .service && Self.expiredCredentialCodes.contains(code) }

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

  /// `sts AssumeRole: AccessDenied (HTTP 403): User … is not authorized … [request id …]`, with
  /// a sentence about the credentials for credential problems.
  public var description: String {
    var text = "\(service) \(operation): "
    switch kind {
    case .service:
      text += code
      if let status, code != "HTTP \(status)" { text += " (HTTP \(status))" }
      if !message.isEmpty { text += ": \(message)" }
    case .connection: text += "cannot connect: \(message)"
    case .timeout: text += "no answer in time: \(message)"
    case .invalidResponse: text += "unexpected answer: \(message)"
    }
    if let requestID { text += " [request id \(requestID)]" }
    if attempts > 1 { text += " (after \(attempts) attempts)" }
    if isExpiredCredentials {
      text += ". The AWS credentials have expired and were rejected"
    } else if isCredentialProblem {
      text += ". The AWS credentials were rejected: check the access key, secret and session token"
        + " (or the role) and that they allow this call"
    }
    return text
  }
}
