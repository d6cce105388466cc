/// The issue's targets, checked against what a benchmark measured: one PASS or MISS line each
/// (targets whose size was not measured are left out).
enum BenchTargets {
  /// One measured size.
  struct Point {
    var pods: Int
    var seconds: Double
    var peakRSSMegabytes: Double
  }

  static func check(_ points: [Point], fullPath: Bool) -> [String] {
    var lines: [String] = []
    let path = fullPath ? "full path" : "manifests"
    if let point = points.first(where: { $0.pods == 10_000 }) {
      lines.append(timeAndMemory(point, seconds: 5, megabytes: 150, "10,000 pods (\(path))"))
    }
    if fullPath, let point = points.first(where: { $0.pods == 100_000 }) {
      lines.append(timeAndMemory(point, seconds: 60, megabytes: 200, "100,000 pods (full path)"))
    }
    let sorted = points.sorted { $0.pods < $1.pods }
    if let from = sorted.first(where: { $0.pods >= 10_000 }) ?? sorted.first, let to = sorted.last,
      to.pods > from.pods
    {
      let perTenThousand = (to.peakRSSMegabytes - from.peakRSSMegabytes) / (Double(to.pods - from.pods) / 10_000)
      lines.append(
        verdict(
          perTenThousand < 10,
          "peak RSS (\(path)) grows under 10 MB per 10,000 more pods: \(fixed(perTenThousand, 1)) MB "
            + "(\(from.pods) → \(to.pods) pods: \(fixed(from.peakRSSMegabytes, 0)) → "
            + "\(fixed(to.peakRSSMegabytes, 0)) MB)"))
    }
    return lines
  }

  /// A target of time and peak RSS; a miss says which of the two missed.
  static func timeAndMemory(_ point: Point, seconds: Double, megabytes: Double, _ what: String) -> String {
    var missed: [String] = []
    if point.seconds >= seconds { missed.append("time") }
    if point.peakRSSMegabytes >= megabytes { missed.append("memory") }
    let text =
      "\(what) in under \(fixed(seconds, 0)) s and \(fixed(megabytes, 0)) MB: \(fixed(point.seconds, 1)) s, "
      + "\(fixed(point.peakRSSMegabytes, 0)) MB"
    return verdict(missed.isEmpty, missed.isEmpty ? text : text + " (missed: \(missed.joined(separator: ", ")))")
  }

  static func verdict(_ passed: Bool, _ text: String) -> String {
    (passed ? "PASS  " : "MISS  ") + text
  }
}
