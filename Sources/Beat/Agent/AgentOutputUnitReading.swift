import KSPMCore
import Output

extension AgentUnitConfig {
  /// Reads the output unit: `type: elasticsearch` and the rest as an `output.elasticsearch`
  /// section, its `queue` included. Other output types are refused.
  static func readOutput(_ unit: AgentExpectedUnit, environment: [String: String]) throws(ConfigError) -> (
    OutputConfig, MemoryQueueConfig, [String]
  ) {
    let output = try section(unit, kind: "output", environment: environment)
    guard let type = try output.nonEmptyString("type") else {
      throw output.error("type", "is required (elasticsearch)")
    }
    guard type == "elasticsearch" else {
      throw output.error(
        "type", "\(ConfigSection.quote(type)): output not supported by this build (elasticsearch only)")
    }
    var settings = output.object
    settings["type"] = nil
    let section = ConfigSection(path: output.path, object: settings, context: output.context)
    let elasticsearch = OutputConfig.elasticsearch(try ElasticsearchOutputConfig.read(section))
    let empty = ConfigSection(path: "", object: JSONObject(), context: output.context)
    let queue = try KSPMBeatConfig.readQueue(root: empty, output: section, outputConfig: elasticsearch)
    return (elasticsearch, queue, output.context.warnings)
  }
}
