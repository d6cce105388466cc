/// Go's `time.ParseDuration`: a signed sequence of decimal numbers with units, e.g. `300ms`,
/// `1.5h`, `1h30m`, `-2m`; units `ns`, `us` (`µs`, `μs`), `ms`, `s`, `m`, `h`. A bare `0` is zero.
///
/// Durations are nanoseconds, as in Go, so `1m` and `60s` are equal.
public struct GoDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var nanoseconds: Int64

  public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  public static func seconds(_ s: Int64) -> GoDuration { GoDuration(nanoseconds: s * 1_000_000_000) }

  public static func < (a: GoDuration, b: GoDuration) -> Bool { a.nanoseconds < b.nanoseconds }

  private static let units: [(String, Double)] = [
    ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
  ]

  /// Parses Go duration syntax; `nil` for anything Go would reject.
  public init?(parsing text: String) {
    var rest = Substring(text)
    var negative = false
    if let first = rest.first, first == "-" || first == "+" {
      negative = first == "-"
      rest = rest.dropFirst()
    }
    if rest == "0" {
      self.nanoseconds = 0
      return
    }
    if rest.isEmpty { return nil }
    var total = 0.0
    while !rest.isEmpty {
      let number = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
      guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
        let value = Double(number.hasPrefix(".") ? "0" + number : String(number))
      else { return nil }
      rest = rest.dropFirst(number.count)
      let unit = rest.prefix(while: { !($0.isASCII && ($0.isNumber || $0 == ".")) })
      guard let scale = Self.units.first(where: { $0.0 == unit })?.1 else { return nil }
      rest = rest.dropFirst(unit.count)
      total += value * scale
    }
    guard total < 9.2e18 else { return nil }
    self.nanoseconds = Int64((negative ? -total : total).rounded())
  }

  /// Go's canonical form for whole seconds and above (`1h30m0s`), else nanoseconds (`300ms` → `300000000ns`).
  public var description: String {
    if nanoseconds == 0 { return "0s" }
    if nanoseconds % 1_000_000_000 != 0 { return "\(nanoseconds)ns" }
    var s = nanoseconds / 1_000_000_000
    let sign = s < 0 ? "-" : ""
    s = abs(s)
    let h = s / 3600
    let m = (s % 3600) / 60
    let sec = s % 60
    if h > 0 { return "\(sign)\(h)h\(m)m\(sec)s" }
    if m > 0 { return "\(sign)\(m)m\(sec)s" }
    return "\(sign)\(sec)s"
  }
}
