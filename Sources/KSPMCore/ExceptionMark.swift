import Foundation

/// The exception that excepts a failed finding: what its document carries as `kspmbeat.exception`
/// (`result.evaluation` stays `failed`), and what the scan summary shows for it.
public struct ExceptionMark: Sendable, Hashable {
  /// The exception's position in its list (0-based), for tallies.
  public var index: Int
  /// Why the finding is accepted.
  public var reason: String
  /// Who accepted it.
  public var owner: String
  /// The last day it applies (`2026-12-31`) or the instant it ends (RFC 3339); `nil`: no expiry.
  public var expires: String?
  /// The first instant it no longer applies (for a day, the start of the next day in UTC): what
  /// the document's `kspmbeat.exception.expires` holds, so range queries compare instants.
  public var end: Date?

  public init(index: Int, reason: String, owner: String, expires: String? = nil, end: Date? = nil) {
    self.index = index
    self.reason = reason
    self.owner = owner
    self.expires = expires
    self.end = end
  }
}
