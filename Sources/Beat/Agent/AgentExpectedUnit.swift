import KSPMCore

/// One unit Elastic Agent expects to run: its id and its configuration (`UnitExpectedConfig`
/// converted to JSON, the policy map as the agent sent it).
public struct AgentExpectedUnit: Sendable, Equatable {
  /// The unit id (`cloudbeat/cis_k8s-default-<input id>-unit` for an input, the component id for
  /// the output): errors name it.
  public var id: String
  public var config: JSONValue

  public init(id: String, config: JSONValue) {
    self.id = id
    self.config = config
  }
}
