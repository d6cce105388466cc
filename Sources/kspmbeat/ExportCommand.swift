import ArgumentParser
import FleetPackage
import Foundation
import KSPMCore

/// `kspmbeat export …`: assets generated from the rule registry.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write assets generated from the rule registry.",
    subcommands: [ExportRuleTemplatesCommand.self]
  )
}

/// `kspmbeat export rule-templates`: Kibana's `csp-rule-template` saved objects, one per rule.
struct ExportRuleTemplatesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rule-templates",
    abstract: "Write Kibana's csp-rule-template saved objects: one per rule of every benchmark.",
    discussion: """
      Without --ndjson, one <rule id>.json per rule is written into --output (the package source's \
      kibana/csp_rule_template by default), and .json files of rules that no longer exist are removed. With \
      --ndjson, every template is printed on one line to standard output (Kibana's saved-object import format).
      """
  )

  @Option(help: ArgumentHelp("Folder to write the templates into.", valueName: "dir"))
  var output = "package/kibana/csp_rule_template"

  @Flag(help: "Print the templates as NDJSON on standard output instead.")
  var ndjson = false

  func run() throws {
    if ndjson {
      Console.ignoreBrokenPipes()
      Console.output(RuleTemplates.all().map { JSONWriter.string($0) + "\n" }.joined())
      return
    }
    let count = try RuleTemplateFolder.write(to: URL(fileURLWithPath: output))
    Console.error("kspmbeat: wrote \(count) rule templates to \(output)")
  }
}
