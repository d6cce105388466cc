import Benchmarks
import FleetPackage
import Foundation
import KSPMCore
import Testing

/// The committed `csp-rule-template` objects are exactly what `kspmbeat export rule-templates`
/// generates from the rule registry: one per rule of every benchmark, in Kibana 8.7+'s shape.
@Suite struct RuleTemplateTests {
  static let folder = repositoryRoot.appendingPathComponent("package/kibana/csp_rule_template")

  @Test func theCommittedTemplatesAreInSyncWithTheRegistry() throws {
    let differences = try RuleTemplateFolder.differences(in: Self.folder)
    #expect(
      differences.isEmpty,
      "run `swift run kspmbeat export rule-templates` and commit package/kibana/csp_rule_template: \(differences)")
  }

  @Test func thereIsOneTemplatePerRuleOfEveryBenchmark() throws {
    let templates = RuleTemplates.all()
    let rules = BenchmarkRegistry.all.flatMap(\.catalog)
    #expect(templates.count == rules.count)
    #expect(Set(templates.compactMap { $0["id"]?.stringValue }) == Set(rules.map(\.id)))
    for id in BenchmarkRegistry.ids {
      #expect(templates.contains { $0[path: "attributes", "metadata", "benchmark", "id"]?.stringValue == id }, "\(id)")
    }
    // Elastic's rule ids, as the reference table lists them (92 cis_k8s and 31 cis_eks rules).
    let table = try String(
      contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/rules.tsv"), encoding: .utf8)
    let header = table.split(separator: "\n").first?.split(separator: "\t", omittingEmptySubsequences: false) ?? []
    let uuid = try #require(header.firstIndex(of: "rule_uuid"))
    let package = try #require(header.firstIndex(of: "rego_package"))
    var elastic: [String: String] = [:]
    for row in table.split(separator: "\n").dropFirst() {
      let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      elastic[cells[uuid]] = cells[package]
    }
    var ours: [String: String] = [:]
    for template in templates {
      ours[template["id"]?.stringValue ?? ""] = template[path: "attributes", "metadata", "rego_rule_id"]?.stringValue
    }
    #expect(ours == elastic)
  }

  @Test(arguments: RuleTemplates.all().prefix(3) + RuleTemplates.all().suffix(2))
  func aTemplateHasEveryAttributeKibanaRequires(template: JSONValue) throws {
    try SavedObjectChecks.checkRuleTemplate(template, file: "\(template["id"]?.stringValue ?? "?").json")
  }

  @Test func theExampleRuleReadsAsKibanaExpectsIt() throws {
    let template = try #require(RuleTemplates.all().first { $0["id"] == "c444d9e3-d3de-5598-90e7-95a922b51664" })
    #expect(template["type"] == "csp-rule-template")
    #expect(template["migrationVersion"] == ["csp-rule-template": "8.7.0"])
    let metadata = try #require(template[path: "attributes", "metadata"])
    #expect(metadata["id"] == template["id"])
    #expect(metadata["rego_rule_id"] == "cis_1_1_1")
    #expect(metadata["profile_applicability"] == "* Level 1 - Master Node")
    #expect(metadata["version"] == "1.0")
    #expect(metadata["tags"] == ["CIS", "Kubernetes", "CIS 1.1.1", "Control Plane Node Configuration Files"])
    #expect(
      metadata["benchmark"]
        == [
          "name": "CIS Kubernetes V1.23", "version": "v1.0.1", "id": "cis_k8s", "rule_number": "1.1.1",
          "posture_type": "kspm",
        ])
    #expect(template[path: "attributes", "enabled"] == nil, "8.7+ templates carry metadata only")
  }

  @Test func exportWritesEveryTemplateAndRemovesStaleOnes() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspm-templates-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: folder.appendingPathComponent("00000000-gone.json"))
    try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    #expect(try RuleTemplateFolder.write(to: folder) == RuleTemplates.all().count)
    #expect(try RuleTemplateFolder.differences(in: folder).isEmpty)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
  }

  /// A package whose templates lag behind the registry is not built.
  @Test func theBuildRefusesOutdatedTemplates() throws {
    let checkout = FileManager.default.temporaryDirectory.appendingPathComponent("kspm-checkout-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: checkout) }
    try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
    for folder in ["package", "dashboards"] {
      try FileManager.default.copyItem(
        at: repositoryRoot.appendingPathComponent(folder), to: checkout.appendingPathComponent(folder))
    }
    let file = checkout.appendingPathComponent(
      "package/kibana/csp_rule_template/c444d9e3-d3de-5598-90e7-95a922b51664.json")
    try Data("{}\n".utf8).write(to: file)
    do {
      _ = try PackageBuilder(repository: checkout).entries()
      Issue.record("an outdated template should stop the build")
    } catch let error as PackageBuildError {
      #expect(error.description.contains("c444d9e3-d3de-5598-90e7-95a922b51664.json: outdated"))
      #expect(error.description.contains("kspmbeat export rule-templates"))
    }
  }
}
