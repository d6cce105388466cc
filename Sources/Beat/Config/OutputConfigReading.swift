import Output

extension OutputConfig {
  /// Reads `output`; returns the chosen output's section too, for its `queue`.
  static func read(_ output: ConfigSection?, context: ConfigReadContext) throws(ConfigError) -> (
    OutputConfig, ConfigSection
  ) {
    guard let output else {
      throw context.error("output", "is required: configure output.elasticsearch, output.file or output.console")
    }
    output.warnUnknown(Set(names))
    var enabled: [ConfigSection] = []
    for name in names {
      guard let section = try output.section(name) else { continue }
      if try section.bool("enabled") ?? true { enabled.append(section) }
    }
    guard let section = enabled.first else {
      throw context.error(
        "output", "no output is enabled: configure output.elasticsearch, output.file or output.console")
    }
    guard enabled.count == 1 else {
      throw context.error(
        "output",
        "only one output may be enabled, found \(enabled.map(\.path).joined(separator: " and "))")
    }
    switch section.path {
    case "output.elasticsearch": return (.elasticsearch(try ElasticsearchOutputConfig.read(section)), section)
    case "output.file": return (.file(try FileOutputConfig.read(section)), section)
    default: return (.console(ConsoleOutputConfig.read(section)), section)
    }
  }
}
