/// What the agent's input unit says about the policy behind it, for the documents: findings carry
/// `cloud_security_posture.package_policy.{id,revision}`, and reports name the input.
public struct AgentPolicyContext: Sendable, Equatable {
  /// The policy input's `id` (the input `type` when the policy gives none).
  public var inputID: String
  /// The input type, `cloudbeat/cis_k8s` or `cloudbeat/cis_eks`.
  public var inputType: String
  /// `streams[0].id`, when set.
  public var streamID: String?
  /// Fleet's `package_policy_id`; `nil` for a hand-written policy without one.
  public var packagePolicyID: String?
  /// The input's `revision` (the package policy's revision); `nil` when not set.
  public var packagePolicyRevision: Int?
  /// `policy.revision`: the agent policy's revision, when set.
  public var policyRevision: Int?
  /// `meta.package.{name,version}`, when set.
  public var packageName: String?
  public var packageVersion: String?
  /// `streams[0].data_stream.dataset` [cloud_security_posture.findings].
  public var dataset: String

  public init(
    inputID: String, inputType: String, streamID: String? = nil, packagePolicyID: String? = nil,
    packagePolicyRevision: Int? = nil, policyRevision: Int? = nil, packageName: String? = nil,
    packageVersion: String? = nil, dataset: String = AgentUnitConfig.findingsDataset
  ) {
    self.inputID = inputID
    self.inputType = inputType
    self.streamID = streamID
    self.packagePolicyID = packagePolicyID
    self.packagePolicyRevision = packagePolicyRevision
    self.policyRevision = policyRevision
    self.packageName = packageName
    self.packageVersion = packageVersion
    self.dataset = dataset
  }
}
