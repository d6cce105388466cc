import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// This process's memory (from `/proc/self/status`) and CPU time.
enum ProcessUsage {
  /// A field in megabytes: `VmRSS` (now) or `VmHWM` (the peak resident set).
  static func megabytes(_ field: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
      let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
      return kb / 1024
    }
    return 0
  }

  /// The peak resident set in megabytes.
  static var peakMegabytes: Double { megabytes("VmHWM") }

  /// User plus system CPU time so far, in seconds.
  static var cpuSeconds: Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  }
}

extension Duration {
  /// The duration in seconds, as a `Double`.
  var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
