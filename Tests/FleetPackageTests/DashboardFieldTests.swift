import FleetPackage
import KSPMCore
import Testing

/// Every field a dashboard panel uses (column fields, KQL queries and column filters, formulas)
/// exists where the panel reads it: the findings' declared fields for the findings data views.
@Suite struct DashboardFieldTests {
  static let findingsViews: Set<String> = [
    "cloud_security_posture-303eea10-c475-11ec-af18-c5b9b437dbbe",
    "cloud_security_posture-9129a080-7f48-11ec-8249-431333f83c5f",
  ]
  /// The collection-problems panel reads Elastic Agent's own log documents (ECS log lines the
  /// agent collects from kspmbeat's standard error), which the elastic_agent package maps.
  static let agentLogView = "cloud_security_posture-kspmbeat-agent-logs"
  static let agentLogFields: Set<String> = ["@timestamp", "message", "log.level"]

  static func dashboards() throws -> [(String, JSONValue)] {
    let package = try BuiltPackage.get()
    return try package.files(in: "kibana/dashboard").map { ($0, try package.json($0)) }
  }

  @Test func everyFieldAPanelUsesIsDeclared() throws {
    let catalog = try FieldCatalog.load(
      folder: repositoryRoot.appendingPathComponent("package/" + PackageLayout.findingsFieldsFolder))
    let dashboards = try Self.dashboards()
    #expect(!dashboards.isEmpty)
    for (file, dashboard) in dashboards {
      for panel in SavedObjectChecks.panels(dashboard) {
        let name = "\(file) panel \(panel["panelIndex"]?.stringValue ?? "?")"
        let attributes = try #require(panel[path: "embeddableConfig", "attributes"])
        let views = Set((attributes["references"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        let fields = try Self.fields(of: attributes)
        #expect(!fields.isEmpty, "\(name) uses no field")
        if views.isSubset(of: Self.findingsViews) {
          let undeclared = fields.filter { catalog[$0] == nil }
          #expect(undeclared.isEmpty, "\(name): \(undeclared.sorted()) not declared in the findings' fields")
          let query = attributes[path: "state", "query", "query"]?.stringValue ?? ""
          #expect(
            query.contains("data_stream.dataset : \"cloud_security_posture.findings\""),
            "\(name): the panel does not limit itself to the findings")
        } else {
          #expect(views == [Self.agentLogView], "\(name): unknown data view \(views)")
          #expect(fields.isSubset(of: Self.agentLogFields), "\(name): \(fields.subtracting(Self.agentLogFields))")
        }
      }
    }
  }

  @Test func thePostureDashboardHasTheViewsItPromises() throws {
    let (_, dashboard) = try #require(try Self.dashboards().first)
    let titles = SavedObjectChecks.panels(dashboard).compactMap {
      $0[path: "embeddableConfig", "attributes", "title"]?.stringValue
    }
    for title in [
      "Posture score", "Posture score per cluster", "Posture score per CIS section", "Failed findings by rule",
      "Failed findings by resource", "Posture score over cycles (30 days)", "Resources evaluated per collector",
      "Collection problems (Elastic Agent logs)",
    ] {
      #expect(titles.contains(title), "\(title)")
    }
    // The score is passed / (passed + failed) wherever it is shown.
    let formulas = SavedObjectChecks.panels(dashboard).flatMap { panel in
      Self.columns(panel[path: "embeddableConfig", "attributes"]).compactMap {
        $0[path: "params", "formula"]?.stringValue
      }
    }
    let score =
      "count(kql='result.evaluation : \"passed\"') / count(kql='result.evaluation : \"passed\" or result.evaluation : \"failed\"')"
    #expect(formulas.filter { $0 == score }.count == 4)
  }

  static func columns(_ attributes: JSONValue?) -> [JSONValue] {
    let layers = attributes?[path: "state", "datasourceStates", "formBased", "layers"]?.objectValue?.members ?? []
    return layers.flatMap { $0.value["columns"]?.objectValue?.members.map(\.value) ?? [] }
  }

  /// Field names of a Lens panel: source fields, fields of KQL queries and filters, formula arguments.
  static func fields(of attributes: JSONValue) throws -> Set<String> {
    var fields = Set<String>()
    var queries: [String] = [attributes[path: "state", "query", "query"]?.stringValue ?? ""]
    for column in columns(attributes) {
      if let field = column["sourceField"]?.stringValue, field != "___records___" { fields.insert(field) }
      if let query = column[path: "filter", "query"]?.stringValue { queries.append(query) }
      if let formula = column[path: "params", "formula"]?.stringValue {
        for match in formula.matches(of: try Regex("kql='((?:[^'\\\\]|\\\\.)*)'")) {
          if let query = match.output[1].substring { queries.append(String(query)) }
        }
        for match in formula.matches(of: try Regex("[a-z_]+\\(\\s*([A-Za-z_@][A-Za-z0-9_.@]*)\\s*[,)]")) {
          if let field = match.output[1].substring { fields.insert(String(field)) }
        }
      }
    }
    for filter in attributes[path: "state", "filters"]?.arrayValue ?? [] {
      if let key = filter[path: "meta", "key"]?.stringValue { fields.insert(key) }
    }
    for query in queries {
      for match in query.matches(of: try Regex("([A-Za-z_@][A-Za-z0-9_.@]*)\\s*:")) {
        if let field = match.output[1].substring { fields.insert(String(field)) }
      }
    }
    return fields
  }
}
