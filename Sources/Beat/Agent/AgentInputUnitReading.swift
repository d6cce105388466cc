import Benchmarks
import KSPMCore
import Kubernetes

extension AgentUnitConfig {
  /// Keys of the input unit: the agent's decoded fields, Fleet's, and those the agent removes
  /// anyway (`enabled`, `use_output`, `log_level`).
  static let inputKeys: Set<String> = [
    "id", "type", "name", "revision", "package_policy_id", "policy", "meta", "data_stream", "streams", "processors",
    "enabled", "use_output", "log_level", "condition",
  ]
  /// Keys of a stream beyond those kspmbeat reads (`period`, `config`, `leader_election`): Fleet's, and those older
  /// cloudbeat integrations rendered (fetchers, rule lists, flat AWS keys), accepted and unused.
  static let streamKeys: Set<String> = [
    "period", "config", "leader_election", "id", "name", "data_stream", "processors", "condition", "enabled",
    "package_policy_id",
    "revision", "index", "fetchers", "runtime_cfg", "data_yaml", "type", "bundle_path", "evaluator", "kube_config",
    "access_key_id", "secret_access_key", "session_token", "shared_credential_file", "credential_profile_name",
    "role_arn", "external_id", "default_region",
  ]

  /// Reads the input unit: the scan settings (on top of `base`'s cluster, node and leader-election
  /// settings; the stream's `leader_election` keys override the last), the policy context, and the
  /// warnings.
  static func readInput(_ unit: AgentExpectedUnit, base: ScanConfig, environment: [String: String]) throws(ConfigError)
    -> (ScanConfig, AgentPolicyContext, [String])
  {
    let input = try section(unit, kind: "input", environment: environment)
    input.warnUnknown(inputKeys)
    guard let type = try input.nonEmptyString("type") else {
      throw input.error("type", "is required (cloudbeat/cis_k8s or cloudbeat/cis_eks)")
    }
    guard let benchmark = benchmarks.first(where: { $0.key == type })?.value else {
      let supported = benchmarks.map { $0.key }.joined(separator: ", ")
      throw input.error(
        "type", "\(ConfigSection.quote(type)): benchmark not supported by this build (supported: \(supported))")
    }
    guard let streams = input.raw("streams")?.arrayValue, let first = streams.first else {
      throw input.error("streams", "is required: the findings stream")
    }
    guard case .object(let streamObject) = first else { throw input.error("streams[0]", "is not a map of settings") }
    if streams.count > 1 {
      input.context.warn("streams: \(streams.count) streams; only streams[0] is read")
    }
    let stream = ConfigSection(path: "streams[0]", object: streamObject, context: input.context)
    stream.warnUnknown(streamKeys)
    var beatObject = JSONObject()
    for key in ["period", "config"] { if let value = streamObject[key] { beatObject.appendUnchecked(key, value) } }
    var scan = try ScanConfig.read(
      beat: ConfigSection(path: stream.path, object: beatObject, context: input.context), defaultBenchmark: benchmark)
    scan.kubeConfig = base.kubeConfig
    scan.hostRoot = base.hostRoot
    scan.leaderElection = try LeaderElectionConfig.read(stream.section("leader_election"), base: base.leaderElection)
    // The rule selection of kspmbeat.yml applies to the unit's benchmark too, when it fits it.
    if let problem = BenchmarkRegistry.named(scan.benchmark)?.problems(with: base.selection).first {
      throw input.error(
        "type",
        "the local kspmbeat.\(problem.setting.rawValue) setting does not fit \(scan.benchmark): \(problem.message)")
    }
    scan.selection = base.selection
    scan.exceptions = base.exceptions
    scan.dataStreamNamespace = try namespace(input: input, stream: stream)

    let streamDataStream = try stream.section("data_stream")
    let package = try input.section("meta")?.section("package")
    // cloudbeat copies the unit's package_policy_id and revision into the stream; either place counts.
    let streamPolicyID = try stream.nonEmptyString("package_policy_id")
    let streamRevision = try stream.int("revision")
    let context = AgentPolicyContext(
      inputID: try input.nonEmptyString("id") ?? type, inputType: type, streamID: try stream.nonEmptyString("id"),
      packagePolicyID: try input.nonEmptyString("package_policy_id") ?? streamPolicyID,
      packagePolicyRevision: try input.int("revision") ?? streamRevision,
      policyRevision: try input.section("policy")?.int("revision"),
      packageName: try package?.nonEmptyString("name"), packageVersion: try package?.nonEmptyString("version"),
      dataset: try streamDataStream?.nonEmptyString("dataset") ?? findingsDataset)
    return (scan, context, input.context.warnings)
  }

  /// `data_stream.namespace` of the unit, else of the stream, else `default`; checked like
  /// `kspmbeat.data_stream.namespace`.
  static func namespace(input: ConfigSection, stream: ConfigSection) throws(ConfigError) -> String {
    for owner in [input, stream] {
      guard let dataStream = try owner.section("data_stream"),
        let namespace = try dataStream.string("namespace")
      else { continue }
      if let problem = DataStreamNamespace.problem(namespace) {
        throw dataStream.error("namespace", "\(ConfigSection.quote(namespace)) \(problem)")
      }
      return namespace
    }
    return DataStreamNamespace.defaultValue
  }
}
