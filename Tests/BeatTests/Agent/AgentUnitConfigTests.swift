import Beat
import Benchmarks
import Foundation
import KSPMCore
import Output
import Testing

/// Elastic Agent's input and output units become the same configuration a `kspmbeat.yml` gives.
@Suite struct AgentUnitConfigTests {
  func configure(
    _ input: String, _ output: String = "output-api-key", base: KSPMBeatConfig? = nil
  ) throws -> AgentConfiguration {
    try AgentUnitConfig.configuration(
      input: AgentFixture.input(input), output: AgentFixture.output(output),
      base: base ?? AgentFixture.startup(), environment: [:])
  }

  /// The error mapping `input` with `output` fails with.
  func failure(input: JSONValue, output: JSONValue? = nil) throws -> ConfigError? {
    do {
      _ = try AgentUnitConfig.configuration(
        input: AgentExpectedUnit(id: "in-unit", config: input),
        output: AgentExpectedUnit(id: "out-unit", config: output ?? AgentFixture.json("output-api-key")),
        base: AgentFixture.startup(), environment: [:])
      Issue.record("expected an error")
      return nil
    } catch let error as ConfigError {
      return error
    }
  }

  /// The k8s fixture with the value at `path` of its first stream replaced (`nil` removes it).
  func k8sInput(stream changes: [String: JSONValue?] = [:], unit unitChanges: [String: JSONValue?] = [:]) throws
    -> JSONValue
  {
    guard case .object(var unit) = try AgentFixture.json("input-cis-k8s"),
      case .object(var stream)? = unit["streams"]?.arrayValue?.first
    else { throw CancellationError() }
    for (key, value) in changes { stream[key] = value }
    unit["streams"] = .array([.object(stream)])
    for (key, value) in unitChanges { unit[key] = value }
    return .object(unit)
  }

  /// The rule selection of the local kspmbeat.yml applies to the unit's benchmark; one that does not
  /// fit it fails the unit with the reason.
  @Test func theLocalRuleSelectionAppliesToTheUnitsBenchmark() throws {
    var base = try AgentFixture.startup()
    base.selection = RuleSelection(skip: ["4.*"])
    #expect(try configure("input-cis-k8s", base: base).config.selection == base.selection)
    base.selection = RuleSelection(targets: ["master"])
    do {
      _ = try configure("input-cis-eks-direct-keys", base: base)
      Issue.record("master is not a target of cis_eks")
    } catch let error as ConfigError {
      #expect(error.description.contains("the local kspmbeat.target setting does not fit cis_eks"), "\(error)")
    }
  }

  @Test func aKubernetesInputGivesTheBenchmarkPeriodNamespaceAndContext() throws {
    let mapped = try configure("input-cis-k8s")
    #expect(mapped.warnings.isEmpty)
    #expect(mapped.config.benchmark == "cis_k8s")
    #expect(mapped.config.period == .seconds(30 * 60))
    #expect(mapped.config.dataStreamNamespace == "production")
    #expect(mapped.config.aws == AWSConfig())
    #expect(
      mapped.context
        == AgentPolicyContext(
          inputID: "147702c3-409a-4a63-81a3-5d9ab84c620c", inputType: "cloudbeat/cis_k8s",
          streamID: "cloudbeat/cis_k8s-cloud_security_posture.findings-147702c3-409a-4a63-81a3-5d9ab84c620c",
          packagePolicyID: "147702c3-409a-4a63-81a3-5d9ab84c620c", packagePolicyRevision: 3, policyRevision: 7,
          packageName: "cloud_security_posture", packageVersion: "1.9.0",
          dataset: "cloud_security_posture.findings"))
  }

  @Test func theResultEqualsTheSameSettingsWrittenAsAFile() throws {
    let mapped = try configure("input-cis-k8s")
    let file = try KSPMBeatConfig.parse(
      text: """
        kspmbeat: {period: 30m, config.v1.benchmark: cis_k8s, data_stream.namespace: production}
        output.elasticsearch:
          hosts: ["https://es.example.internal:443"]
          api_key: "TiNAGG4BaaMdaH1tRfuU:api-key-secret-do-not-log"
          preset: balanced
          headers: {X-Elastic-Product-Origin: fleet}
        """, overrides: AgentFixture.allSettings, environment: [:]
    ).config
    #expect(mapped.config == file)
  }

  @Test func theProcessArgumentsSettingsAreKept() throws {
    var base = try AgentFixture.startup()
    base.hostRoot = "/hostfs"
    base.kubeConfig = "/etc/kube/config"
    let mapped = try configure("input-cis-k8s", base: base)
    #expect(mapped.config.http == base.http)
    #expect(mapped.config.management == base.management)
    #expect(mapped.config.logging == base.logging)
    #expect(mapped.config.path == base.path)
    #expect(mapped.config.hostRoot == "/hostfs")
    #expect(mapped.config.kubeConfig == "/etc/kube/config")
  }

  @Test func directKeys() throws {
    let mapped = try configure("input-cis-eks-direct-keys")
    #expect(mapped.warnings.isEmpty)
    #expect(mapped.config.benchmark == "cis_eks")
    #expect(mapped.config.period == .seconds(4 * 3600))
    #expect(mapped.config.aws.region == "eu-west-1")
    let credentials = mapped.config.aws.credentials
    #expect(credentials.accessKeyID == "AKIAEXAMPLEDIRECTKEY")
    #expect(credentials.secretAccessKey?.value == "direct-secret-do-not-log")
    #expect(credentials.type == "direct_access_keys")
    #expect(mapped.config.secretValues.contains("direct-secret-do-not-log"))
  }

  @Test func temporaryKeys() throws {
    let credentials = try configure("input-cis-eks-temporary-keys").config.aws.credentials
    #expect(credentials.accessKeyID == "ASIAEXAMPLETEMPKEY")
    #expect(credentials.secretAccessKey?.value == "temporary-secret-do-not-log")
    #expect(credentials.sessionToken?.value == "session-token-do-not-log")
  }

  @Test func sharedCredentialsAndTheBenchmarkFromTheInputType() throws {
    // This fixture has no config.v1.benchmark: the input type says cis_eks.
    let mapped = try configure("input-cis-eks-shared-credentials")
    #expect(mapped.config.benchmark == "cis_eks")
    #expect(mapped.config.aws.credentials.sharedCredentialFile == "/etc/aws/credentials")
    #expect(mapped.config.aws.credentials.credentialProfileName == "kspm")
    #expect(mapped.config.aws.credentials.accessKeyID == nil)
  }

  @Test func assumeRole() throws {
    let aws = try configure("input-cis-eks-assume-role").config.aws
    #expect(aws.credentials.roleARN == "arn:aws:iam::123456789012:role/kspm-reader")
    #expect(aws.clusterName == "prod-eks")
  }

  @Test func anAPIKeyOutput() throws {
    let es = try #require(try configure("input-cis-k8s").config.output.elasticsearch)
    #expect(es.hosts.map(\.url) == ["https://es.example.internal:443"])
    #expect(es.auth == .apiKey(id: "TiNAGG4BaaMdaH1tRfuU", key: ConfigSecret("api-key-secret-do-not-log")))
    #expect(es.preset == .balanced)
    #expect(es.headers["X-Elastic-Product-Origin"]?.value == "fleet")
  }

  @Test func aBasicAuthOutputWithTLSAndItsQueue() throws {
    let mapped = try configure("input-cis-k8s", "output-basic-ssl")
    #expect(mapped.warnings.isEmpty)
    let es = try #require(mapped.config.output.elasticsearch)
    #expect(es.auth == .basic(username: "elastic", password: ConfigSecret("password-do-not-log")))
    #expect(es.hosts.map(\.url) == ["https://es-1.example.internal:9200", "https://es-2.example.internal:9200"])
    #expect(es.tls?.verificationMode == .certificate)
    #expect(es.tls?.caTrustedFingerprint != nil)
    #expect(es.bulkMaxSize == 800)
    #expect(mapped.config.queue.events == 8192)
    #expect(mapped.config.queue.flushMinEvents == 512)
    #expect(mapped.config.queue.flushTimeout == .seconds(2))
  }

  @Test func anUnsupportedInputTypeIsAClearError() throws {
    let error = try failure(input: k8sInput(unit: ["type": "cloudbeat/cis_aws"]))
    #expect(error?.source == "input unit in-unit")
    #expect(error?.keyPath == "type")
    #expect(error?.reason.contains("\"cloudbeat/cis_aws\": benchmark not supported by this build") == true)
  }

  @Test func anInputWithoutTypeOrStreamsIsRefused() throws {
    #expect(try failure(input: k8sInput(unit: ["type": nil]))?.keyPath == "type")
    #expect(try failure(input: k8sInput(unit: ["streams": .array([])]))?.keyPath == "streams")
    #expect(try failure(input: "not a map")?.source == "input unit in-unit")
  }

  @Test func badStreamSettingsNameTheUnitsKey() throws {
    let period = try failure(input: k8sInput(stream: ["period": "soon"]))
    #expect(period?.keyPath == "streams[0].period")
    let benchmark = try failure(input: k8sInput(stream: ["config": ["v1": ["benchmark": "cis_gcp"]]]))
    #expect(benchmark?.keyPath == "streams[0].config.v1.benchmark")
    let namespace = try failure(input: k8sInput(unit: ["data_stream": ["namespace": "Prod-1"]]))
    #expect(namespace?.keyPath == "data_stream.namespace")
  }

  @Test func awsErrorsNeverShowTheSecret() throws {
    guard case .object(var unit) = try AgentFixture.json("input-cis-eks-direct-keys") else { return }
    var stream = try #require(unit["streams"]?.arrayValue?.first?.objectValue)
    stream["config"] = ["v1": ["aws": ["credentials": ["secret_access_key": "leaky-secret-value"]]]]
    unit["streams"] = .array([.object(stream)])
    let error = try #require(try failure(input: .object(unit)))
    #expect(error.keyPath == "streams[0].config.v1.aws.credentials.access_key_id")
    #expect(!error.description.contains("leaky-secret-value"))
    stream["config"] = [
      "v1": ["aws": ["credentials": ["access_key_id": "A", "secret_access_key": ["leaky-secret-value"]]]]
    ]
    unit["streams"] = .array([.object(stream)])
    #expect(try failure(input: .object(unit))?.description.contains("leaky-secret-value") == false)
  }

  @Test func outputErrorsNameTheOutputUnitAndNeverShowSecrets() throws {
    let input = try AgentFixture.json("input-cis-k8s")
    let kafka = try failure(input: input, output: ["type": "kafka", "hosts": ["k:9092"]])
    #expect(kafka?.source == "output unit out-unit")
    #expect(kafka?.reason.contains("not supported by this build") == true)
    let both = try failure(
      input: input,
      output: [
        "type": "elasticsearch", "hosts": ["https://es:9200"], "api_key": "id:leaky-key", "password": "leaky-pw",
        "username": "u",
      ])
    #expect(both?.source == "output unit out-unit")
    #expect(both?.description.contains("leaky") == false)
    let headers = try failure(
      input: input, output: ["type": "elasticsearch", "hosts": ["https://es:9200"], "api_key": ["leaky-key"]])
    #expect(headers?.keyPath == "api_key")
    #expect(headers?.description.contains("leaky") == false)
    #expect(try failure(input: input, output: ["hosts": ["https://es:9200"]])?.keyPath == "type")
    #expect(try failure(input: input, output: ["type": "elasticsearch"])?.keyPath == "hosts")
  }

  @Test func unknownKeysWarnWithTheUnitsName() throws {
    let input = try k8sInput(stream: ["colour": "blue"], unit: ["surprise": true])
    let mapped = try AgentUnitConfig.configuration(
      input: AgentExpectedUnit(id: "in-unit", config: input),
      output: AgentExpectedUnit(
        id: "out-unit", config: ["type": "elasticsearch", "hosts": ["https://es:9200"], "extra": 1]),
      base: AgentFixture.startup(), environment: [:])
    #expect(
      mapped.warnings == ["surprise: unknown setting", "streams[0].colour: unknown setting", "extra: unknown setting"])
  }

  @Test func fleetsOlderStreamKeysAreAcceptedQuietly() throws {
    let input = try k8sInput(stream: [
      "fetchers": [["name": "kube-api"]], "runtime_cfg": ["activated_rules": ["cis_k8s": ["cis_1_1_1"]]],
      "package_policy_id": "p", "revision": 2,
    ])
    let mapped = try AgentUnitConfig.configuration(
      input: AgentExpectedUnit(id: "in-unit", config: input), output: AgentFixture.output("output-api-key"),
      base: AgentFixture.startup(), environment: [:])
    #expect(mapped.warnings.isEmpty)
  }

  @Test func withoutFleetsIdsTheInputIdIsTheTypeAndThereIsNoPackagePolicy() throws {
    let input = try k8sInput(unit: ["id": nil, "package_policy_id": nil, "revision": nil, "data_stream": nil])
    let mapped = try AgentUnitConfig.configuration(
      input: AgentExpectedUnit(id: "in-unit", config: input), output: AgentFixture.output("output-api-key"),
      base: AgentFixture.startup(), environment: [:])
    #expect(mapped.context.inputID == "cloudbeat/cis_k8s")
    #expect(mapped.context.packagePolicyID == nil)
    #expect(mapped.context.packagePolicyRevision == nil)
    #expect(mapped.config.dataStreamNamespace == "default")
  }
}
