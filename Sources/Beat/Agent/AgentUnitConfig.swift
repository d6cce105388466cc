import Foundation
import KSPMCore

/// Turns Elastic Agent's expected units (one input unit, one output unit: the spec isolates units)
/// into a ``KSPMBeatConfig``, as `kspmbeat.yml` would give it.
///
/// - Input unit (``readInput(_:base:environment:)``): `type` picks the benchmark when
///   `streams[0].config.v1.benchmark` is not set; `streams[0].period` and `streams[0].config.v1`
///   (AWS settings included) are read as `kspmbeat.period` and `kspmbeat.config.v1`;
///   `streams[0].leader_election.*` (the package's lease settings) override
///   `kspmbeat.leader_election.*` of `base` key by key; `data_stream.namespace` is the findings'
///   namespace.
/// - Output unit: `type: elasticsearch` and the rest read as `output.elasticsearch` (with its `queue`).
/// - Everything else (`http`, `logging`, `management`, `path`, cluster and node access, the leader
///   election settings the stream leaves unset) comes from `base`, the configuration of the
///   process's own arguments.
///
/// Errors are ``ConfigError``s whose source is `input unit <id>` or `output unit <id>` and whose key
/// path is the unit's own (`streams[0].config.v1.aws.region`); they never quote a secret.
public enum AgentUnitConfig {
  /// Input types this build runs, with the benchmark each means.
  public static let benchmarks: KeyValuePairs<String, String> = [
    "cloudbeat/cis_k8s": "cis_k8s", "cloudbeat/cis_eks": "cis_eks",
  ]
  /// The findings stream's dataset.
  public static let findingsDataset = "cloud_security_posture.findings"

  /// The configuration `input` and `output` ask for, on top of `base`.
  public static func configuration(
    input: AgentExpectedUnit, output: AgentExpectedUnit, base: KSPMBeatConfig,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigError) -> AgentConfiguration {
    let (scan, context, inputWarnings) = try readInput(input, base: base.scanConfig, environment: environment)
    let (outputConfig, queue, outputWarnings) = try readOutput(output, environment: environment)
    var config = base
    config.scanConfig = scan
    config.output = outputConfig
    config.queue = queue
    return AgentConfiguration(config: config, context: context, warnings: inputWarnings + outputWarnings)
  }

  /// A unit's configuration as a normalized map (dotted keys split) for reading.
  static func section(_ unit: AgentExpectedUnit, kind: String, environment: [String: String]) throws(ConfigError)
    -> ConfigSection
  {
    let context = ConfigReadContext(
      sourceName: "\(kind) unit \(ConfigError.shortened(unit.id))", environment: environment, overrideOrigins: [:])
    guard case .object = unit.config else {
      throw context.error("", "the unit configuration must be a map of settings")
    }
    do {
      let normalized = try ConfigTree.normalize(unit.config)
      return ConfigSection(path: "", object: normalized.objectValue ?? JSONObject(), context: context)
    } catch {
      throw context.error(ConfigTree.dotted(error.path), error.reason)
    }
  }
}
