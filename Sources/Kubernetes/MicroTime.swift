import Foundation
import KSPMCore

/// Kubernetes `metav1.MicroTime` text: RFC 3339 in UTC with exactly six fractional digits,
/// `2024-05-01T10:00:00.123456Z`, as Lease `acquireTime` and `renewTime` carry it.
///
/// Formatting and parsing are plain integer arithmetic (no `DateFormatter`, no locale, no shared
/// mutable state), so both are cheap and thread-safe.
public enum MicroTime {
  /// `date` in UTC with six fractional digits, at the nearest microsecond. (Go truncates, but a
  /// `Date` is a binary `Double`: `…20.6` may be stored as `…20.5999999`, which must still read
  /// `.600000`.)
  public static func format(_ date: Date) -> String {
    let interval = date.timeIntervalSince1970
    var micros = Int64((interval * 1_000_000).rounded())
    // Doubles far from 1970 lose microsecond precision; clamp into the years 0001…9999.
    micros = min(max(micros, minMicros), maxMicros)
    var seconds = micros / 1_000_000
    var fraction = micros % 1_000_000
    if fraction < 0 {
      fraction += 1_000_000
      seconds -= 1
    }
    var days = seconds / 86_400
    var secondOfDay = seconds % 86_400
    if secondOfDay < 0 {
      secondOfDay += 86_400
      days -= 1
    }
    let (year, month, day) = CivilCalendar.date(fromDays: days)
    let pad = CivilCalendar.zeroPadded
    let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    let time = pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
    return date + "T" + time + "." + pad(fraction, 6) + "Z"
  }

  /// Parses RFC 3339 (see ``Timestamp/parse(_:)``: `Z` or a `±hh:mm` offset, up to nine
  /// fractional digits); `nil` when `text` is not such a time.
  ///
  /// Lenient on purpose: the API server always writes six digits, but a Lease edited by hand or
  /// written by another client may carry fewer.
  public static func parse(_ text: String) -> Date? {
    Timestamp.parse(text)
  }

  /// True when `text` is exactly the canonical form ``format(_:)`` writes.
  public static func isCanonical(_ text: String) -> Bool {
    guard text.utf8.count == 27, text.hasSuffix("Z"), let date = parse(text) else { return false }
    return format(date) == text
  }

  // MARK: Limits

  private static let minMicros: Int64 = -62_135_596_800 * 1_000_000  // 0001-01-01T00:00:00Z
  private static let maxMicros: Int64 = 253_402_300_799 * 1_000_000 + 999_999  // 9999-12-31T23:59:59.999999Z
}
