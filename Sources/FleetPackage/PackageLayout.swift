/// Where the package's parts live, in the repository and in the package.
public enum PackageLayout {
  /// The package's source in the repository.
  public static let packageFolder = "package"
  /// The dashboards' source in the repository (copied into ``dashboardFolderInPackage``).
  public static let dashboardsFolder = "dashboards"
  /// Within the package.
  public static let dashboardFolderInPackage = "kibana/dashboard"
  public static let ruleTemplateFolder = "kibana/csp_rule_template"
  public static let indexPatternFolder = "kibana/index_pattern"
  /// The one source of the findings' fields.
  public static let findingsFieldsFolder = "data_stream/findings/fields"
  /// Filled from ``findingsFieldsFolder`` by the build: the transform's destination index mapping.
  public static let transformFieldsFolder = "elasticsearch/transform/latest_findings/fields"
  /// The stream templates.
  public static let streamTemplateFolder = "data_stream/findings/agent/stream"

  /// Files of `package/` that document the folder for developers and are not part of the package.
  public static func isSourceOnly(_ path: String) -> Bool { path == "README.md" }
}
