import ArgumentParser
import Beat
import Foundation

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List a benchmark's rules: number, section, title and rule id."
  )

  @Option(help: "Benchmark: cis_k8s.")
  var benchmark = "cis_k8s"

  func run() throws {
    guard let text = RuleListing.render(benchmark: benchmark) else {
      FileHandle.standardError.write(
        Data("kspmbeat: error: unknown or unavailable benchmark '\(benchmark)'\n".utf8))
      throw ExitCode(2)
    }
    print(text, terminator: "")
  }
}
