import Benchmarks
import KSPMCore

/// Durations in settings: Go/beats syntax (`300ms`, `1.5s`, `2m`, `4h`, `1h30m`) or a bare number of
/// seconds (`30`, `1.5`, `"30"`).
enum ConfigDuration {
  /// The hint appended to every "is not a duration" error.
  static let hint = "(use 30s, 1m, 4h)"

  /// `nil` when the value isn't a duration.
  static func parse(_ value: JSONValue) -> Duration? {
    switch value {
    case .int(let seconds):
      return seconds.magnitude < 9_000_000_000 ? .seconds(seconds) : nil
    case .double(let seconds):
      return seconds.isFinite && abs(seconds) < 9e9 ? .nanoseconds(Int64((seconds * 1e9).rounded())) : nil
    case .string(let text):
      let trimmed = text.trimmingSpaces
      if let number = Double(trimmed), trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) {
        return parse(.double(number))
      }
      return GoDuration(parsing: trimmed).map { .nanoseconds($0.nanoseconds) }
    default:
      return nil
    }
  }

  /// Go-like short form: `300ms`, `1.5s`, `2m`, `1h30m`, `0s`.
  static func format(_ duration: Duration) -> String { DurationText.format(duration) }
}
