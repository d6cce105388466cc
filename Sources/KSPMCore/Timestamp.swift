import Foundation

/// RFC 3339 UTC timestamps, formatted without Foundation's slow date formatters.
public enum Timestamp {
  /// `2024-05-01T10:00:00.123Z` (millisecond precision, as Elasticsearch dates are usually shown).
  public static func milliseconds(_ date: Date) -> String {
    format(date, fractionDigits: 3)
  }

  /// `2024-05-01T10:00:00.123456Z` (the Kubernetes MicroTime shape).
  public static func microseconds(_ date: Date) -> String {
    format(date, fractionDigits: 6)
  }

  /// Formats with 0 to 9 fractional digits.
  public static func format(_ date: Date, fractionDigits: Int) -> String {
    let interval = date.timeIntervalSince1970
    var seconds = Int64(interval.rounded(.down))
    var fraction = interval - Double(seconds)
    if fraction < 0 {
      fraction = 0
    }
    var scale: Int64 = 1
    for _ in 0..<fractionDigits { scale *= 10 }
    var fractionValue = Int64((fraction * Double(scale)).rounded(.down))
    if fractionValue >= scale {
      fractionValue -= scale
      seconds += 1
    }
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = CivilCalendar.date(fromDays: days)
    var out = ""
    out.reserveCapacity(32)
    let pad = CivilCalendar.zeroPadded
    out += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
    out += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":" + pad(secondOfDay % 60, 2)
    if fractionDigits > 0 { out += "." + pad(fractionValue, fractionDigits) }
    return out + "Z"
  }

  /// Parses RFC 3339 (`Z` or a `±hh:mm` offset, any number of fractional digits up to nine,
  /// `T`/`t` and `Z`/`z` in either case); `nil` when `text` is not such a time.
  ///
  /// Lenient: servers write anything from no fractional digits (AWS `Expiration`) to nine.
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

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
