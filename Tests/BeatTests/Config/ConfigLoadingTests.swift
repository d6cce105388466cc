import Beat
import Foundation
import HTTPTransport
import KSPMCore
import Output
import Testing

@Suite struct ConfigLoadingTests {
  @Test func dottedKeysAndNestedMapsGiveTheSameConfig() throws {
    let dotted = """
      kspmbeat.period: 30m
      kspmbeat.config.v1.benchmark: cis_k8s
      kspmbeat.leader_election.lease_duration: 20s
      output.elasticsearch.hosts: ["https://es:9200"]
      output.elasticsearch.backoff.init: 2s
      """
    let nested = """
      kspmbeat:
        period: 30m
        config:
          v1:
            benchmark: cis_k8s
        leader_election:
          lease_duration: 20s
      output:
        elasticsearch:
          hosts: ["https://es:9200"]
          backoff: {init: 2s}
      """
    let mixed = """
      kspmbeat:
        config.v1: {benchmark: cis_k8s}
        period: 30m
      kspmbeat.leader_election:
        lease_duration: 20s
      output.elasticsearch: {hosts: ["https://es:9200"]}
      output:
        elasticsearch.backoff.init: 2s
      """
    let a = try loadConfig(dotted)
    let b = try loadConfig(nested)
    let c = try loadConfig(mixed)
    #expect(a.config == b.config)
    #expect(b.config == c.config)
    #expect(a.warnings.isEmpty && b.warnings.isEmpty && c.warnings.isEmpty)
    #expect(a.config.period == .seconds(1800))
    #expect(a.config.benchmark == "cis_k8s")
    #expect(a.config.leaderElection.leaseDuration == .seconds(20))
    #expect(a.config.output.elasticsearch?.hosts.map(\.url) == ["https://es:9200"])
    #expect(a.config.output.elasticsearch?.backoffInit == .seconds(2))
  }

  @Test func laterEntriesMergeMapsAndReplaceValues() throws {
    let text = """
      output.elasticsearch: {hosts: ["http://a:9200", "http://b:9200"], timeout: 10s}
      output.elasticsearch.hosts: ["http://c:9200"]
      output.elasticsearch.compression_level: 5
      """
    let es = try #require(try loadConfig(text).config.output.elasticsearch)
    #expect(es.hosts.map(\.url) == ["http://c:9200"])
    #expect(es.timeout == .seconds(10))
    #expect(es.compressionLevel == 5)
  }

  @Test func overridesSetScalarsListsAndCreateNestedKeys() throws {
    let text = """
      kspmbeat.period: 4h
      output.elasticsearch:
        hosts: ["https://es:9200"]
        username: elastic
        password: changeme
      """
    let loaded = try loadConfig(
      text,
      overrides: [
        #"output.elasticsearch.hosts=["http://127.0.0.1:9200", "http://127.0.0.2:9201"]"#,
        "kspmbeat.period=30s",
        "output.elasticsearch.backoff.init=100ms",
        "output.elasticsearch.max_retries=5",
        "output.elasticsearch.loadbalance=false",
        "kspmbeat.leader_election.identity=pod-a#1: x",
        "output.elasticsearch.ssl={verification_mode: none}",
      ])
    let config = loaded.config
    let es = try #require(config.output.elasticsearch)
    #expect(config.period == .seconds(30))
    #expect(es.hosts.map(\.url) == ["http://127.0.0.1:9200", "http://127.0.0.2:9201"])
    #expect(es.backoffInit == .milliseconds(100))
    #expect(es.maxRetries == 5)
    #expect(es.loadBalance == false)
    #expect(es.tls?.verificationMode == TLSVerificationMode.none)
    // Settings the override didn't touch stay.
    #expect(es.auth == .basic(username: "elastic", password: ConfigSecret("changeme")))
    // Plain text is taken literally: no YAML comment or map.
    #expect(config.leaderElection.identity == "pod-a#1: x")
    #expect(loaded.warnings.isEmpty)
  }

  @Test func overridesAloneMakeAConfig() throws {
    let loaded = try KSPMBeatConfig.load(
      file: nil, overrides: ["output.console={}", "kspmbeat.period=90"], environment: [:])
    #expect(loaded.config.output == .console(ConsoleOutputConfig()))
    #expect(loaded.config.period == .seconds(90))
  }

  @Test func laterOverridesWin() throws {
    let loaded = try loadConfig(minimalOutput, overrides: ["kspmbeat.period=1m", "kspmbeat.period=2m"])
    #expect(loaded.config.period == .seconds(120))
  }

  @Test func anOverrideCanSwitchTheOutput() throws {
    let loaded = try loadConfig(
      minimalOutput, overrides: ["output.elasticsearch.enabled=false", "output.file.path=/tmp/findings"])
    #expect(loaded.config.output.file?.path == "/tmp/findings")
  }

  @Test func malformedOverridesAreErrors() throws {
    #expect(
      configError(minimalOutput, overrides: ["kspmbeat.period"])?.description
        == "-E: an override must have the form key=value")
    #expect(
      configError(minimalOutput, overrides: ["kspmbeat..period=1s"])?.description
        == "-E: kspmbeat..period: an override key must be a dotted path like a.b.c")
    #expect(
      configError(minimalOutput, overrides: ["output.elasticsearch.hosts=[unclosed"])?.description
        == "-E output.elasticsearch.hosts: the value is not a valid YAML list, map or quoted string"
    )
  }

  @Test func anErrorInAnOverriddenValueNamesTheOverride() throws {
    let error = configError(minimalOutput, overrides: ["kspmbeat.leader_election={lease_duration: soon}"])
    #expect(
      error?.description
        == #"-E kspmbeat.leader_election: kspmbeat.leader_election.lease_duration: "soon" is not a duration (use 30s, 1m, 4h)"#
    )
  }

  @Test func environmentVariablesExpandInStringsAndOverrides() throws {
    let text = """
      kspmbeat:
        period: ${PERIOD:4h}
        kube_config: ${KUBECONFIG}
        leader_election.identity: kspmbeat-${POD_NAME:local}
        leader_election.namespace: ${NS:${FALLBACK_NS:kube-system}}
      output.elasticsearch:
        hosts: ["${ES_HOST}"]
        api_key: ${ES_API_KEY}
        compression_level: ${LEVEL:3}
      """
    let environment = [
      "KUBECONFIG": "/etc/kube/config", "POD_NAME": "kspmbeat-x7k2p", "ES_HOST": "https://es.internal:9243",
      "ES_API_KEY": "abc:def", "PERIOD_FROM_E": "15m",
    ]
    let config = try loadConfig(text, overrides: ["kspmbeat.period=${PERIOD_FROM_E}"], environment: environment).config
    #expect(config.period == .seconds(900))
    #expect(config.kubeConfig == "/etc/kube/config")
    #expect(config.leaderElection.identity == "kspmbeat-kspmbeat-x7k2p")
    #expect(config.leaderElection.namespace == "kube-system")
    let es = try #require(config.output.elasticsearch)
    #expect(es.hosts.map(\.url) == ["https://es.internal:9243"])
    #expect(es.auth == .apiKey(id: "abc", key: ConfigSecret("def")))
    #expect(es.compressionLevel == 3)
  }

  @Test func aSetVariableWinsOverItsDefaultAndDollarDollarEscapes() throws {
    let text = """
      kspmbeat.leader_election.identity: ${ID:fallback-${UNSET_TOO}}
      kspmbeat.kube_config: /etc/$$HOME/$${NOT_EXPANDED}/a$b
      \(minimalOutput)
      """
    let config = try loadConfig(text, environment: ["ID": "given"]).config
    // The default's undefined variable doesn't matter when the variable is set.
    #expect(config.leaderElection.identity == "given")
    // `$$` is one literal dollar; a `$` before anything but `{` or `$` stays.
    #expect(config.kubeConfig == "/etc/$HOME/${NOT_EXPANDED}/a$b")
    // Unset, the default is used, and its own undefined variable is an error.
    #expect(configError(text)?.reason.hasPrefix("environment variable UNSET_TOO is not set") == true)
  }

  @Test func anUndefinedVariableIsAnErrorNamingKeyAndVariable() throws {
    let error = configError("kspmbeat.kube_config: ${KUBECONFIG_PATH}\n" + minimalOutput)
    #expect(
      error?.description
        == "kspmbeat.yml: kspmbeat.kube_config: environment variable KUBECONFIG_PATH is not set "
        + "(use ${KUBECONFIG_PATH:default} for a default)")
    let inList = configError(#"output.elasticsearch.hosts: ["http://a:9200", "${ES_B}"]"#)
    #expect(inList?.keyPath == "output.elasticsearch.hosts[1]")
    #expect(inList?.reason.hasPrefix("environment variable ES_B is not set") == true)
    let unterminated = configError("kspmbeat.kube_config: ${HOME\n" + minimalOutput)
    #expect(unterminated?.description == #"kspmbeat.yml: kspmbeat.kube_config: "${" without a closing "}""#)
  }

  @Test func tildeExpandsToHome() throws {
    let config = try loadConfig(
      "kspmbeat.kube_config: ~/.kube/config\nkspmbeat.host_root: /hostfs\n" + minimalOutput,
      environment: ["HOME": "/home/me"]
    ).config
    #expect(config.kubeConfig == "/home/me/.kube/config")
    #expect(config.hostRoot == "/hostfs")
  }

  @Test func unknownKeysWarnWithTheirPath() throws {
    let text = """
      kspmbeat:
        period: 1h
        perod: 2h
        config.v1: {benchmark: cis_k8s, type: kspm, deployment: self_managed, colour: blue}
        leader_election.lease_time: 10s
      logging.level: debug
      output.elasticsearch:
        hosts: ["http://es:9200"]
        ssl.supported_protocols: [TLSv1.3]
        backoff.min: 1s
      """
    let loaded = try loadConfig(text)
    #expect(
      Set(loaded.warnings) == [
        "kspmbeat.perod: unknown setting",
        "kspmbeat.config.v1.colour: unknown setting",
        "kspmbeat.leader_election.lease_time: unknown setting",
        "output.elasticsearch.ssl.supported_protocols: unknown setting",
        "output.elasticsearch.backoff.min: unknown setting",
      ])
    #expect(loaded.config.period == .seconds(3600))
    #expect(loaded.config.logging.level == .debug)
  }

  @Test func yamlSyntaxErrorsKeepLineAndColumnButNotTheSourceLine() throws {
    let unclosed = configError("kspmbeat:\n  period: 4h\n  leader_election: [unclosed\n")
    #expect(
      unclosed?.description
        == "kspmbeat.yml: invalid YAML at line 4, column 1: did not find expected ',' or ']' "
        + "(while parsing a flow sequence started at line 3, column 20)")
    let quote = configError("output.elasticsearch:\n  hosts: [es]\n  password: \"hunter2\n")
    let description = try #require(quote?.description)
    #expect(description.hasPrefix("kspmbeat.yml: invalid YAML at line "), "\(description)")
    #expect(!description.contains("hunter2"), "\(description)")
    let tab = configError("kspmbeat:\n\tperiod: 4h\n")
    #expect(
      tab?.description.hasPrefix("kspmbeat.yml: invalid YAML at line 2, column 1:") == true,
      "\(String(describing: tab))")
  }

  /// A duplicate key once printed the whole document, passwords and keys included.
  @Test func aDuplicateKeyNamesTheKeyAndNeverQuotesTheDocument() throws {
    let text = """
      output.elasticsearch:
        hosts: ["https://es:9200"]
        api_key: "id:s3cr3t-api-key"
        password: hunter2-password
        api_key: "id:other"
      """
    let description = try #require(configError(text)?.description)
    #expect(description == "kspmbeat.yml: invalid YAML at line 3, column 3: duplicate key 'api_key'", "\(description)")
    for secret in ["s3cr3t-api-key", "hunter2-password", "es:9200", "other"] {
      #expect(!description.contains(secret))
    }
  }

  @Test func theTopLevelMustBeAMap() throws {
    #expect(configError("- a\n- b\n")?.description == "kspmbeat.yml: the top level must be a map of settings")
    #expect(
      configError("kspmbeat: 3\n" + minimalOutput)?.description == "kspmbeat.yml: kspmbeat: 3 is not a map of settings")
    #expect(configError("a..b: 1\n")?.description == #"kspmbeat.yml: key "a..b" has an empty segment"#)
  }

  @Test func loadReadsAFileAndNamesItInErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("kspmbeat.yml").path
    try "kspmbeat.period: 10m\noutput.file.filename: findings\n".write(toFile: file, atomically: true, encoding: .utf8)
    let loaded = try KSPMBeatConfig.load(file: file, overrides: [], environment: [:])
    #expect(loaded.config.period == .seconds(600))
    #expect(loaded.config.output.file?.filename == "findings")

    try "kspmbeat.period: never\noutput.console: {}\n".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(
      throws: ConfigError(
        source: file, keyPath: "kspmbeat.period", reason: #""never" is not a duration (use 30s, 1m, 4h)"#)
    ) {
      try KSPMBeatConfig.load(file: file, overrides: [], environment: [:])
    }
    let missing = folder.appendingPathComponent("absent.yml").path
    #expect(throws: ConfigError(source: missing, keyPath: "", reason: "the configuration file does not exist")) {
      try KSPMBeatConfig.load(file: missing, overrides: [], environment: [:])
    }
  }
}
