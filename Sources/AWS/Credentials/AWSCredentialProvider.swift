/// A source of AWS credentials: static keys, the environment, shared files, a role, a web
/// identity, a container endpoint, IMDS, or a chain or cache of these.
public protocol AWSCredentialProvider: Sendable {
  /// What the provider reads, for messages (`environment variables`, `IMDSv2 at …`).
  var name: String { get }

  /// The credentials to sign with now; may fetch or refresh them.
  ///
  /// - Throws: ``AWSCredentialsError`` (`.notConfigured` when this source has nothing to offer,
  ///   so that a chain moves on), or `CancellationError`.
  func credentials() async throws -> AWSCredentials

  /// Forgets cached credentials, after a service said they have expired.
  func invalidate() async
}

extension AWSCredentialProvider {
  public func invalidate() async {}
}

/// Why no credentials could be had.
///
/// The text names the source and the reason, and for a chain every source tried; it never
/// holds a secret.
public struct AWSCredentialsError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// The source is not set up here (no variables, no file, not on EC2): a chain tries the next.
    case notConfigured
    /// The source is set up but failed (unreadable token file, STS refused the role, …).
    case failed
    /// No source of a chain had credentials.
    case noneFound
  }

  public var reason: Reason
  /// The source (`environment variables`, `profile prod`, `role arn:…`), or `the AWS credential
  /// chain`.
  public var provider: String
  public var message: String
  /// The sources a chain tried before, each with why it had nothing.
  public var tried: [AWSCredentialsError]
  /// The AWS error behind a failure (STS refused, IMDS broke), when there was one.
  public var underlying: AWSError?

  public init(
    _ reason: Reason, provider: String, message: String, tried: [AWSCredentialsError] = [],
    underlying: AWSError? = nil
  ) {
    self.reason = reason
    self.provider = provider
    self.message = message
    self.tried = tried
    self.underlying = underlying
  }

  /// `AWS credentials from role arn:…: sts AssumeRole: AccessDenied (HTTP 403): …`, or for a
  /// chain: `no AWS credentials found; tried: environment variables (…); …`.
  public var description: String {
    let attempts = tried.map { "\($0.provider) (\($0.message))" }.joined(separator: "; ")
    switch reason {
    case .noneFound:
      return "no AWS credentials found; tried: \(attempts)"
    case .notConfigured, .failed:
      let text = "AWS credentials from \(provider): \(message)"
      return tried.isEmpty ? text : text + " (before it, tried: \(attempts))"
    }
  }
}
