/// Durations as people write them in settings and read them in logs.
public enum DurationText {
  /// Go-like short form: `300ms`, `1.5s`, `2m`, `1h30m`, `0s`.
  public static func format(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    if seconds == 0 && attoseconds == 0 { return "0s" }
    let negative = seconds < 0 || attoseconds < 0
    let totalNanoseconds = abs(seconds) * 1_000_000_000 + abs(attoseconds) / 1_000_000_000
    let sign = negative ? "-" : ""
    if totalNanoseconds < 1_000_000_000 {
      if totalNanoseconds % 1_000_000 == 0 { return "\(sign)\(totalNanoseconds / 1_000_000)ms" }
      return "\(sign)\(totalNanoseconds)ns"
    }
    let wholeSeconds = totalNanoseconds / 1_000_000_000
    let fraction = totalNanoseconds % 1_000_000_000
    var text = sign
    if wholeSeconds >= 3600 { text += "\(wholeSeconds / 3600)h" }
    if wholeSeconds % 3600 >= 60 { text += "\(wholeSeconds % 3600 / 60)m" }
    let restSeconds = wholeSeconds % 60
    if restSeconds > 0 || fraction > 0 {
      var secondsText = "\(restSeconds)"
      if fraction > 0 {
        var digits = String(fraction)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        secondsText += "." + digits
      }
      text += secondsText + "s"
    }
    return text
  }
}
