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
}
