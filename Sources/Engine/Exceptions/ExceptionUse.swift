import Foundation
import KSPMCore

/// What one exception did in a cycle: how many failed findings it excepted, or, expired, how many
/// it would have; for the summaries and the daemon's warnings.
public struct ExceptionUse: Sendable {
  public var position: Int
  public var exception: FindingException
  /// Whether it had expired when the cycle ran.
  public var expired: Bool
  /// Failed findings it excepted.
  public var excepted: Int
  /// Failed findings it covers but did not except because it had expired: they count again.
  public var lapsed: Int

  public init(position: Int, exception: FindingException, expired: Bool, excepted: Int, lapsed: Int) {
    self.position = position
    self.exception = exception
    self.expired = expired
    self.excepted = excepted
    self.lapsed = lapsed
  }

  /// Every exception of `list` with what `summary` recorded for it.
  public static func of(_ list: ExceptionList, summary: PostureSummary, at date: Date) -> [ExceptionUse] {
    let counts = summary.exceptionCounts
    return list.exceptions.enumerated().map { position, exception in
      ExceptionUse(
        position: position, exception: exception, expired: exception.hasExpired(at: date),
        excepted: counts[position]?.excepted ?? 0, lapsed: counts[position]?.lapsed ?? 0)
    }
  }

  /// The warning for an expired exception:
  /// `exception rules 5.2.2 on … (exceptions.yaml:4) (owner platform) expired (expires 2025-01-31): its 3 failed
  /// findings count again`.
  public var expiryWarning: String? {
    guard expired, let expiry = exception.expiry else { return nil }
    return "exception \(exception) (owner \(exception.owner)) expired (expires \(expiry.text)): \(lapsedText)"
  }

  /// What an expired exception's end means in this cycle: `its 3 failed findings count again`, or
  /// that it would except nothing now.
  public var lapsedText: String {
    switch lapsed {
    case 0: "it covers no failed finding now"
    case 1: "its 1 failed finding counts again"
    default: "its \(lapsed) failed findings count again"
    }
  }
}
