import Foundation
import KSPMCore

/// The two renderings of a signing time: `20150830T123600Z` and the day `20150830`, in UTC.
struct SigV4Time: Sendable {
  let stamp: String
  let day: String

  init(_ date: Date) {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secondOfDay = seconds - days * 86_400
    let (year, month, dayOfMonth) = CivilCalendar.date(fromDays: days)
    let pad = CivilCalendar.zeroPadded
    day = pad(year, 4) + pad(month, 2) + pad(dayOfMonth, 2)
    stamp = day + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2) + "Z"
  }

  /// `20150830/us-east-1/service/aws4_request`.
  func scope(region: String, service: String) -> String {
    "\(day)/\(region)/\(service)/aws4_request"
  }
}
