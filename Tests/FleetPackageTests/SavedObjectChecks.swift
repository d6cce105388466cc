import FleetPackage
import KSPMCore
import Testing

/// What Kibana needs of each saved object the package installs, as problems to report.
enum SavedObjectChecks {
  /// Problems of one object read from `file` (a path inside the package).
  static func problems(_ object: JSONValue, file: String) -> [String] {
    var problems: [String] = []
    func require(_ condition: Bool, _ what: String) { if !condition { problems.append("\(file): \(what)") } }
    let id = object["id"]?.stringValue ?? ""
    require(!id.isEmpty, "no id")
    require(file.hasSuffix("/\(id).json"), "the file is not named after the id \(id)")
    require(object["attributes"]?.objectValue != nil, "no attributes")
    for reference in object["references"]?.arrayValue ?? [] {
      require(
        ["name", "type", "id"].allSatisfy { reference[$0]?.stringValue?.isEmpty == false },
        "a reference without name, type or id")
    }
    switch object["type"]?.stringValue {
    case "dashboard"?: problems += dashboard(object, file: file)
    case "index-pattern"?:
      require(object[path: "attributes", "title"]?.stringValue?.isEmpty == false, "a data view without a title")
      require(object[path: "attributes", "timeFieldName"] == "@timestamp", "a data view without @timestamp")
    case RuleTemplates.type?: problems += ruleTemplate(object, file: file)
    default: problems.append("\(file): unexpected type \(object["type"] ?? .null)")
    }
    return problems
  }

  /// The 8.7 metadata schema (and Elastic's own output check): every key, with its type.
  static func ruleTemplate(_ object: JSONValue, file: String) -> [String] {
    var problems: [String] = []
    guard let metadata = object[path: "attributes", "metadata"]?.objectValue else { return ["\(file): no metadata"] }
    for key in [
      "id", "name", "profile_applicability", "description", "rationale", "audit", "remediation", "impact",
      "default_value", "references", "section", "version", "rego_rule_id",
    ] where metadata[key]?.stringValue == nil {
      problems.append("\(file): metadata.\(key) is not a string")
    }
    for key in ["id", "name", "section", "rationale", "remediation", "audit", "description"]
    where metadata[key]?.stringValue?.isEmpty != false {
      problems.append("\(file): metadata.\(key) is empty")
    }
    if metadata["tags"]?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
      problems.append("\(file): metadata.tags is not a list of strings")
    }
    for key in ["name", "version", "id", "rule_number", "posture_type"]
    where metadata["benchmark"]?[key]?.stringValue?.isEmpty != false {
      problems.append("\(file): metadata.benchmark.\(key) is missing")
    }
    if metadata["id"] != object["id"] { problems.append("\(file): metadata.id is not the object's id") }
    if object[path: "migrationVersion", RuleTemplates.type] != .string(RuleTemplates.migrationVersion) {
      problems.append("\(file): no migration version \(RuleTemplates.migrationVersion)")
    }
    return problems
  }

  /// Title, and the JSON texts Kibana parses: panels (each with its grid and config), options
  /// and the search source.
  static func dashboard(_ object: JSONValue, file: String) -> [String] {
    var problems: [String] = []
    let attributes = object["attributes"]
    if attributes?["title"]?.stringValue?.isEmpty != false { problems.append("\(file): no title") }
    for key in ["optionsJSON", "panelsJSON"] where parsed(attributes?[key]) == nil {
      problems.append("\(file): \(key) is not JSON")
    }
    if parsed(attributes?[path: "kibanaSavedObjectMeta", "searchSourceJSON"]) == nil {
      problems.append("\(file): kibanaSavedObjectMeta.searchSourceJSON is not JSON")
    }
    for panel in panels(object) {
      let index = panel["panelIndex"]?.stringValue ?? "?"
      let grid = panel["gridData"]
      if !["x", "y", "w", "h"].allSatisfy({ grid?[$0]?.intValue != nil }) || grid?["i"] != panel["panelIndex"] {
        problems.append("\(file): panel \(index) has no complete gridData")
      }
      if panel["type"] != "lens" || panel[path: "embeddableConfig", "attributes", "state"] == nil {
        problems.append("\(file): panel \(index) is not a Lens visualization by value")
      }
    }
    return problems
  }

  /// The panels of a dashboard (empty when its panelsJSON does not parse).
  static func panels(_ dashboard: JSONValue) -> [JSONValue] {
    parsed(dashboard[path: "attributes", "panelsJSON"])?.arrayValue ?? []
  }

  static func parsed(_ text: JSONValue?) -> JSONValue? {
    text?.stringValue.flatMap { try? JSONParser.parse($0) }
  }

  /// Records the problems of a rule template as test issues.
  static func checkRuleTemplate(_ template: JSONValue, file: String) throws {
    let problems = problems(template, file: "kibana/csp_rule_template/" + file)
    #expect(problems.isEmpty, "\(problems)")
  }
}
