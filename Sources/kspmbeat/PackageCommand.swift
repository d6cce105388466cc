import ArgumentParser
import FleetPackage
import Foundation
import KSPMCore

/// `kspmbeat package …`: the Fleet integration package.
struct PackageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "package",
    abstract: "Build the Fleet integration package (cloud_security_posture).",
    subcommands: [PackageBuildCommand.self]
  )
}

/// `kspmbeat package build`: the zip to upload to Fleet.
struct PackageBuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Assemble the installable package zip from a checkout of this repository.",
    discussion: """
      Reads package/, dashboards/ and the findings' fields of the checkout at --repository and writes \
      <name>-<version>.zip into --output. Fails when the committed rule templates differ from the rule \
      registry (run `kspmbeat export rule-templates` first). Upload the zip in Kibana under Integrations → \
      Upload integration, or with Fleet's API (POST /api/fleet/epm/packages, Content-Type: application/zip).
      """
  )

  @Option(help: ArgumentHelp("The repository checkout.", valueName: "dir"))
  var repository = "."

  @Option(help: ArgumentHelp("Folder to write the zip into.", valueName: "dir"))
  var output = "build"

  func run() throws {
    do {
      let url = try PackageBuilder(repository: URL(fileURLWithPath: repository)).build(
        into: URL(fileURLWithPath: output))
      Console.output(url.path + "\n")
    } catch {
      Console.error("kspmbeat: error: \(error)")
      throw ExitCode(2)
    }
  }
}
