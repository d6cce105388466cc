import Engine
import Foundation

/// The `--stats` line of `kspmbeat scan`: resources, findings, the cycle's duration and its time
/// per stage (``StageTimes``), as `key=value` pairs with seconds, for scripts and the benchmark.
public enum CycleStatsText {
  /// E.g. `kspmbeat: stats resources=125000 findings=1125200 cycle_s=41.20 collect_s=9.81 …`.
  public static func describe(_ cycle: CycleReport) -> String {
    let stages = cycle.stages
    let pairs: [(String, String)] = [
      ("resources", String(cycle.resources)), ("findings", String(cycle.passed + cycle.failed)),
      ("cycle_s", seconds(cycle.duration)), ("collect_s", seconds(stages.collect)),
      ("evaluate_s", seconds(stages.evaluate)), ("encode_s", seconds(stages.encode)),
      ("queue_s", seconds(stages.queue)),
    ]
    return "kspmbeat: stats " + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
  }

  /// The numbers of a ``describe(_:)`` line found in `text` (empty when there is none).
  public static func values(in text: String) -> [String: Double] {
    guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("kspmbeat: stats ") }) else { return [:] }
    var values: [String: Double] = [:]
    for pair in line.dropFirst("kspmbeat: stats ".count).split(separator: " ") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
    }
    return values
  }

  static func seconds(_ duration: Duration) -> String {
    String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
  }
}
