import ArgumentParser
import Beat

@main
struct KSPMBeatCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kspmbeat",
    abstract: "Kubernetes Security Posture Management: CIS benchmark findings for Elastic.",
    version: Scanner.version,
    subcommands: [ScanCommand.self, RunCommand.self, RulesCommand.self]
  )
}
