import Foundation
import KSPMCore

/// An access key with its secret, and a session token for temporary credentials.
///
/// The secret and the token are ``ConfigSecret``s: descriptions, `dump` and error messages show
/// the access key id, where the credentials came from and when they expire, never the secrets.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  public var accessKeyID: String
  public var secretAccessKey: ConfigSecret
  /// Present for temporary credentials (STS, IMDS, container endpoints).
  public var sessionToken: ConfigSecret?
  /// When temporary credentials stop working; `nil` for long-term keys.
  public var expiration: Date?
  /// Where they came from, for messages: `static keys`, `environment variables`,
  /// `profile prod (~/.aws/credentials)`, `role arn:aws:iam::…:role/x`, ….
  public var source: String

  public init(
    accessKeyID: String, secretAccessKey: ConfigSecret, sessionToken: ConfigSecret? = nil, expiration: Date? = nil,
    source: String
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
    self.source = source
  }

  /// `AWS credentials AKIA… from environment variables (temporary, expire 2026-01-01T00:00:00.000Z)`.
  public var description: String {
    var text = "AWS credentials \(accessKeyID) from \(source)"
    if let expiration {
      text += " (temporary, expire \(Timestamp.milliseconds(expiration)))"
    } else if sessionToken != nil {
      text += " (temporary)"
    }
    return text
  }
  public var debugDescription: String { description }
  public var customMirror: Mirror {
    Mirror(self, children: ["accessKeyID": accessKeyID, "source": source], displayStyle: .struct)
  }
}
