/// What Elastic Agent adds to the documents of a managed process: the agent that runs it and the
/// package policy behind its input (`reference/cloudbeat.md` §7: `agent.id`,
/// `elastic_agent.{id,version,snapshot}`, `cloud_security_posture.package_policy.{id,revision}`).
public struct FleetContext: Sendable, Hashable {
  /// The Elastic Agent's id: `agent.id` and `elastic_agent.id` of every document.
  public var agentID: String
  /// The Elastic Agent's version (`elastic_agent.version`).
  public var agentVersion: String
  /// Whether that agent is a snapshot build (`elastic_agent.snapshot`).
  public var snapshot: Bool
  /// Fleet's package policy of the input, when the policy names one.
  public var packagePolicyID: String?
  /// That package policy's revision, when given.
  public var packagePolicyRevision: Int?

  public init(
    agentID: String, agentVersion: String, snapshot: Bool = false, packagePolicyID: String? = nil,
    packagePolicyRevision: Int? = nil
  ) {
    self.agentID = agentID
    self.agentVersion = agentVersion
    self.snapshot = snapshot
    self.packagePolicyID = packagePolicyID
    self.packagePolicyRevision = packagePolicyRevision
  }
}
