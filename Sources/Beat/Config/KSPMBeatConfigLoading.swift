import Foundation
import KSPMCore
import YAMLValue

extension KSPMBeatConfig {
  /// Reads `file` (beats-style YAML; `nil` for none), applies the `-E key=value` `overrides` in order,
  /// expands `${VAR}`/`${VAR:default}` from `environment`, and builds the validated model.
  ///
  /// - Returns: the configuration and one `<key.path>: unknown setting` warning per key kspmbeat
  ///   doesn't know (unknown keys are not errors).
  /// - Throws: ``ConfigError`` naming the source, the key path and the reason.
  public static func load(
    file: String?, overrides: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigError) -> (config: KSPMBeatConfig, warnings: [String]) {
    try loadTree(file: file, overrides: overrides, environment: environment) { root throws(ConfigError) in
      try read(root)
    }
  }

  /// Reads `file` and `overrides` into a normalized tree and builds a model from it with `build`.
  static func loadTree<Model>(
    file: String?, overrides: [String], environment: [String: String],
    build: (ConfigSection) throws(ConfigError) -> Model
  ) throws(ConfigError) -> (config: Model, warnings: [String]) {
    guard let file else {
      return try parseTree(text: "", sourceName: "-E", overrides: overrides, environment: environment, build: build)
    }
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      let reason =
        FileManager.default.fileExists(atPath: file)
        ? "cannot read the configuration file (\((error as NSError).localizedDescription))"
        : "the configuration file does not exist"
      throw ConfigError(source: file, keyPath: "", reason: reason)
    }
    return try parseTree(text: text, sourceName: file, overrides: overrides, environment: environment, build: build)
  }

  /// Like ``load(file:overrides:environment:)`` for a text in memory; `sourceName` is what errors
  /// name as the file.
  public static func parse(
    text: String, sourceName: String = "kspmbeat.yml", overrides: [String] = [],
    environment: [String: String] = [:]
  ) throws(ConfigError) -> (config: KSPMBeatConfig, warnings: [String]) {
    try parseTree(text: text, sourceName: sourceName, overrides: overrides, environment: environment) {
      root throws(ConfigError) in try read(root)
    }
  }

  static func parseTree<Model>(
    text: String, sourceName: String, overrides: [String], environment: [String: String],
    build: (ConfigSection) throws(ConfigError) -> Model
  ) throws(ConfigError) -> (config: Model, warnings: [String]) {
    let parsed: JSONValue
    do {
      parsed = try YAMLDocuments.parse(text)
    } catch {
      throw ConfigError(source: sourceName, keyPath: "", reason: YAMLErrorText.reason(error.message))
    }
    var root: JSONObject
    switch parsed {
    case .null: root = JSONObject()
    case .object: root = try normalize(parsed, source: sourceName).objectValue ?? JSONObject()
    default: throw ConfigError(source: sourceName, keyPath: "", reason: "the top level must be a map of settings")
    }
    var origins: [String: String] = [:]
    for argument in overrides {
      let override = try ConfigOverride(parsing: argument)
      let value = try normalize(override.value, source: override.origin, path: override.path)
      ConfigTree.set(&root, at: override.path, to: value)
      origins[override.path.joined(separator: ".")] = override.origin
    }
    let context = ConfigReadContext(
      sourceName: sourceName, environment: environment, overrideOrigins: origins, text: text)
    let config = try build(ConfigSection(path: "", object: root, context: context))
    return (config, context.warnings)
  }

  private static func normalize(_ value: JSONValue, source: String, path: [String] = []) throws(ConfigError)
    -> JSONValue
  {
    do {
      return try ConfigTree.normalize(value, path: path)
    } catch {
      throw ConfigError(source: source, keyPath: ConfigTree.dotted(error.path), reason: error.reason)
    }
  }
}
