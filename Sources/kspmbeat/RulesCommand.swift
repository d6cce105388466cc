import ArgumentParser
import Benchmarks
import Foundation
import KSPMCore
import Report

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List a benchmark's rules: number, section, title and rule id."
  )

  @Option(help: ArgumentHelp("Benchmark: \(BenchmarkRegistry.ids.joined(separator: ", ")).", valueName: "id"))
  var benchmark = "cis_k8s"

  func run() throws {
    Console.ignoreBrokenPipes()
    guard let text = RuleListing.render(benchmark: benchmark) else {
      Console.error("kspmbeat: error: \(BenchmarkRegistry.unknown(benchmark))")
      throw ExitCode(2)
    }
    // A reader that stops early (`| head`) is not an error.
    Console.output(text)
  }
}
