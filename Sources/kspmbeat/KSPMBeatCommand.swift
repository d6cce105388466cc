import ArgumentParser
import Beat
import Foundation

@main
struct KSPMBeatCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kspmbeat",
    abstract: "Kubernetes Security Posture Management: CIS benchmark findings for Elastic.",
    version: Scanner.version,
    subcommands: [
      ScanCommand.self, RunCommand.self, RulesCommand.self, ExportCommand.self, PackageCommand.self,
    ]
  )

  /// Exit status of a usage error (an unknown option, a bad value): 2, as the README says, where
  /// swift-argument-parser would exit 64.
  static let usageErrorStatus: Int32 = 2

  /// Runs the command line; a usage error prints its message and usage as the parser does, and
  /// exits with ``usageErrorStatus``.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(usageErrorStatus)
    }
  }
}
