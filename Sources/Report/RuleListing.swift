import Benchmarks
import Foundation
import KSPMCore

/// The `kspmbeat rules` listing: one line per rule with number, section, title and id.
public enum RuleListing {
  public static func render(benchmark id: String) -> String? {
    guard let benchmark = BenchmarkRegistry.named(id) else { return nil }
    var lines = [
      "\(benchmark.info.name) (\(benchmark.info.id) \(benchmark.info.version)): \(benchmark.rules.count) rules"
    ]
    let numberWidth = benchmark.rules.map(\.ruleNumber.count).max() ?? 6
    var lastSection = ""
    for rule in benchmark.rules {
      if rule.section != lastSection {
        lines.append("")
        lines.append(rule.section)
        lastSection = rule.section
      }
      let number = rule.ruleNumber.padding(toLength: numberWidth, withPad: " ", startingAt: 0)
      lines.append(
        "  \(number)  \(rule.id)  \(rule.name)  [\(rule.profileApplicability.replacingOccurrences(of: "* ", with: ""))]"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
