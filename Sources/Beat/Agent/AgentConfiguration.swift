/// The configuration Elastic Agent's units ask for: the same model `kspmbeat.yml` produces, the
/// policy context the documents carry, and one `unit: key: unknown setting` warning per key
/// kspmbeat doesn't know.
public struct AgentConfiguration: Sendable, Equatable {
  public var config: KSPMBeatConfig
  public var context: AgentPolicyContext
  public var warnings: [String]

  public init(config: KSPMBeatConfig, context: AgentPolicyContext, warnings: [String] = []) {
    self.config = config
    self.context = context
    self.warnings = warnings
  }
}
