import Beat
import KSPMCore
import Output
import Testing

/// The smallest valid output, appended to texts that test other sections.
let minimalOutput = "output.elasticsearch.hosts: [\"http://localhost:9200\"]\n"

/// Parses `text` as `kspmbeat.yml`.
func loadConfig(
  _ text: String, overrides: [String] = [], environment: [String: String] = [:]
) throws -> (config: KSPMBeatConfig, warnings: [String]) {
  try KSPMBeatConfig.parse(text: text, sourceName: "kspmbeat.yml", overrides: overrides, environment: environment)
}

/// The error `text` must fail with; records a test failure when it loads.
func configError(
  _ text: String, overrides: [String] = [], environment: [String: String] = [:],
  sourceLocation: SourceLocation = #_sourceLocation
) -> ConfigError? {
  do {
    let loaded = try loadConfig(text, overrides: overrides, environment: environment)
    Issue.record("expected an error, loaded \(loaded.config)", sourceLocation: sourceLocation)
    return nil
  } catch let error as ConfigError {
    return error
  } catch {
    Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

extension OutputConfig {
  /// The Elasticsearch settings, or `nil` for another output.
  var elasticsearch: ElasticsearchOutputConfig? {
    if case .elasticsearch(let config) = self { return config }
    return nil
  }

  var file: FileOutputConfig? {
    if case .file(let config) = self { return config }
    return nil
  }
}
