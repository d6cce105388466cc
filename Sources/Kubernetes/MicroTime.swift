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

  /// Parses RFC 3339 (`Z` or a `±hh:mm` offset, any number of fractional digits up to nine,
  /// `T`/`t` and `Z`/`z` in either case); `nil` when `text` is not such a time.
  ///
  /// Lenient on purpose: the API server always writes six digits, but a Lease edited by hand or
  /// written by another client may carry fewer.
  public static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    var index = 0
    func number(_ width: Int) -> Int64? {
      guard index + width <= bytes.count else { return nil }
      var value: Int64 = 0
      for byte in bytes[index..<index + width] {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int64(byte - 0x30)
      }
      index += width
      return value
    }
    func expect(_ characters: Character...) -> Bool {
      guard index < bytes.count, characters.contains(Character(UnicodeScalar(bytes[index]))) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
      expect("T", "t"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
      let second = number(2)
    else { return nil }
    guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
      second < 60
    else { return nil }
    var nanos: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      var digits = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        guard digits < 9 else { return nil }
        nanos = nanos * 10 + Int64(bytes[index] - 0x30)
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      for _ in digits..<9 { nanos *= 10 }
    }
    var offset: Int64 = 0
    if expect("Z", "z") {
      offset = 0
    } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      index += 1
      guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24,
        offsetMinutes < 60
      else { return nil }
      offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
    } else {
      return nil
    }
    guard index == bytes.count else { return nil }
    let dayCount = CivilCalendar.days(year: year, month: month, day: day)
    let seconds = dayCount * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9)
  }

  /// True when `text` is exactly the canonical form ``format(_:)`` writes.
  public static func isCanonical(_ text: String) -> Bool {
    guard text.utf8.count == 27, text.hasSuffix("Z"), let date = parse(text) else { return false }
    return format(date) == text
  }

  // MARK: Limits

  private static let minMicros: Int64 = -62_135_596_800 * 1_000_000  // 0001-01-01T00:00:00Z
  private static let maxMicros: Int64 = 253_402_300_799 * 1_000_000 + 999_999  // 9999-12-31T23:59:59.999999Z

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

}
