import Foundation
import KSPMCore

/// When an exception stops applying: a day (`2026-12-31`, through its end in UTC) or an RFC 3339
/// instant (`2026-12-31T18:00:00Z`).
public struct ExceptionExpiry: Sendable, Hashable, CustomStringConvertible {
  /// As written.
  public var text: String
  /// The first instant it no longer applies.
  public var end: Date

  /// `nil` when `text` is neither a day nor an RFC 3339 instant.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let day = Self.day(trimmed) {
      end = day.addingTimeInterval(86_400)
    } else if let instant = Timestamp.parse(trimmed) {
      end = instant
    } else {
      return nil
    }
    self.text = trimmed
  }

  public func hasPassed(at date: Date) -> Bool { date >= end }

  public var description: String { text }

  /// The start of a `YYYY-MM-DD` day in UTC.
  static func day(_ text: String) -> Date? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    let days = CivilCalendar.days(year: year, month: month, day: day)
    // 2026-02-30 would roll over: refuse days a month does not have.
    let check = CivilCalendar.date(fromDays: days)
    guard check.year == year, check.month == month, check.day == day else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(days * 86_400))
  }
}
