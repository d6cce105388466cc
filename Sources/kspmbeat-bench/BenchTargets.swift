/// The targets, checked against what a benchmark measured: one PASS or MISS line each
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
      lines.append(
        verdict(
          point.seconds < 5 && point.peakRSSMegabytes < 150,
          "10,000 pods (\(path)) in under 5 s and 150 MB: \(fixed(point.seconds, 1)) s, "
            + "\(fixed(point.peakRSSMegabytes, 0)) MB"))
    }
    if fullPath, let point = points.first(where: { $0.pods == 100_000 }) {
      lines.append(
        verdict(
          point.seconds < 60 && point.peakRSSMegabytes < 200,
          "100,000 pods (full path) in under 60 s and 200 MB: \(fixed(point.seconds, 1)) s, "
            + "\(fixed(point.peakRSSMegabytes, 0)) MB"))
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

  static func verdict(_ passed: Bool, _ text: String) -> String {
    (passed ? "PASS  " : "MISS  ") + text
  }
}
