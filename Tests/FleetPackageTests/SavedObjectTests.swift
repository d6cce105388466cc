import FleetPackage
import KSPMCore
import Testing

/// Every Kibana saved object of the package parses and has what Kibana requires of its type, and
/// every data view a dashboard references is in the package.
@Suite struct SavedObjectTests {
  static func objects() throws -> [(String, JSONValue)] {
    let package = try BuiltPackage.get()
    return try package.files.keys.filter { $0.hasPrefix("kibana/") && $0.hasSuffix(".json") }.sorted().map {
      ($0, try package.json($0))
    }
  }

  @Test func everySavedObjectHasTheAttributesKibanaRequires() throws {
    let objects = try Self.objects()
    #expect(objects.count > RuleTemplates.all().count)
    var problems: [String] = []
    for (file, object) in objects { problems += SavedObjectChecks.problems(object, file: file) }
    #expect(problems.isEmpty, "\(problems)")
    // The folder names the type (Fleet installs by folder).
    for (file, object) in objects {
      let folder = file.split(separator: "/").dropFirst().first.map(String.init) ?? ""
      let expected = [
        "dashboard": "dashboard", "index_pattern": "index-pattern", "csp_rule_template": RuleTemplates.type,
      ]
      #expect(expected[folder] == object["type"]?.stringValue, "\(file)")
    }
  }

  @Test func everyReferenceResolvesToAnObjectOfThePackage() throws {
    let objects = try Self.objects()
    let ids = Set(objects.compactMap { $0.1["id"]?.stringValue })
    for (file, object) in objects {
      for reference in object["references"]?.arrayValue ?? [] {
        #expect(ids.contains(reference["id"]?.stringValue ?? ""), "\(file): \(reference)")
      }
      for panel in SavedObjectChecks.panels(object) {
        for reference in panel[path: "embeddableConfig", "attributes", "references"]?.arrayValue ?? [] {
          #expect(ids.contains(reference["id"]?.stringValue ?? ""), "\(file): \(reference)")
          let name = "\(panel["panelIndex"]?.stringValue ?? ""):\(reference["name"]?.stringValue ?? "")"
          #expect(
            object["references"]?.arrayValue?.contains { $0["name"]?.stringValue == name } == true,
            "\(file): the dashboard does not list \(name)")
        }
      }
    }
  }

  @Test func theDataViewsAreTheOnesKibanasPagesUse() throws {
    let views = try Self.objects().filter { $0.1["type"] == "index-pattern" }.map(\.1)
    let titles = Dictionary(
      uniqueKeysWithValues: views.map { ($0["id"]?.stringValue ?? "", $0[path: "attributes", "title"]) })
    #expect(
      titles["cloud_security_posture-303eea10-c475-11ec-af18-c5b9b437dbbe"]
        == "logs-cloud_security_posture.findings_latest-*")
    #expect(
      titles["cloud_security_posture-9129a080-7f48-11ec-8249-431333f83c5f"] == "logs-cloud_security_posture.findings-*")
  }
}
