import Beat
import Foundation

/// `kspmbeat-bench config [N…]`: loads `kspmbeat.yml` files with N keys in each of the shapes a
/// large config takes (many headers, many unknown keys, many hosts, a long `-E` list), and
/// prints the time per key. Loading is linear when the time per key stays flat as N grows.
enum ConfigBench {
  static let defaultSizes = [1_000, 4_000, 16_000, 64_000]

  /// A config of `count` entries in the given shape.
  static func text(shape: String, count: Int) -> String {
    var lines = ["output.elasticsearch:", "  hosts: [\"https://es:9200\"]"]
    switch shape {
    case "headers":
      lines.append("  headers:")
      for i in 0..<count { lines.append("    X-Header-\(i): value-\(i)") }
    case "unknown keys":
      lines.append("kspmbeat:")
      for i in 0..<count { lines.append("  unknown_setting_\(i): \(i)") }
    case "dotted keys":
      for i in 0..<count { lines.append("kspmbeat.custom_\(i).value: \(i)") }
    default:
      lines[1] = "  hosts:"
      for i in 0..<count { lines.append("    - https://es-\(i).example.com:9200") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func run(sizes: [Int]) throws {
    print("config loading: time per entry should stay flat as the entries grow")
    print("shape".padding(toLength: 14, withPad: " ", startingAt: 0) + sizes.map { pad("\($0)") }.joined())
    for shape in ["headers", "unknown keys", "dotted keys", "hosts"] {
      var row = shape.padding(toLength: 14, withPad: " ", startingAt: 0)
      for size in sizes {
        let text = text(shape: shape, count: size)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try? KSPMBeatConfig.parse(text: text)
        let elapsed = clock.now - started
        let microseconds = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
        row += pad(String(format: "%.2f µs", microseconds / Double(size)))
      }
      print(row)
    }
  }

  private static func pad(_ text: String) -> String { text.padding(toLength: 14, withPad: " ", startingAt: 0) }
}
