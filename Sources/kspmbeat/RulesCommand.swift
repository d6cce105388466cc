import ArgumentParser
import Benchmarks
import Foundation
import Report

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List a benchmark's rules: number, section, title and rule id."
  )

  @Option(help: ArgumentHelp("Benchmark: \(BenchmarkRegistry.ids.joined(separator: ", ")).", valueName: "id"))
  var benchmark = "cis_k8s"

  func run() throws {
    guard let text = RuleListing.render(benchmark: benchmark) else {
      FileHandle.standardError.write(
        Data("kspmbeat: error: \(BenchmarkRegistry.unknown(benchmark))\n".utf8))
      throw ExitCode(2)
    }
    print(text, terminator: "")
  }
}
