import Beat
import Testing

/// One invalid configuration and the exact error it must give.
struct InvalidConfigCase: Sendable, CustomTestStringConvertible {
  var text: String
  var error: String
  var testDescription: String { error }

  init(_ text: String, _ error: String) {
    self.text = text
    self.error = error
  }
}

@Suite struct ConfigValidationTests {
  static let kspmbeatCases: [InvalidConfigCase] = [
    .init(
      "kspmbeat.leader_election.lease_duration: abc",
      #"kspmbeat.leader_election.lease_duration: "abc" is not a duration (use 30s, 1m, 4h)"#),
    .init("kspmbeat.period: 4 hours", #"kspmbeat.period: "4 hours" is not a duration (use 30s, 1m, 4h)"#),
    .init("kspmbeat.period: [1h]", #"kspmbeat.period: ["1h"] is not a duration (use 30s, 1m, 4h)"#),
    .init("kspmbeat.period: 0s", "kspmbeat.period: must be greater than 0"),
    .init("kspmbeat.period: -5m", "kspmbeat.period: must be greater than 0"),
    .init(
      "kspmbeat.config.v1.benchmark: cis_aws",
      #"kspmbeat.config.v1.benchmark: "cis_aws" is not a benchmark this build has (available: cis_k8s, cis_eks)"#),
    .init("kspmbeat.leader_election.retry_period: 0s", "kspmbeat.leader_election.retry_period: must be greater than 0"),
    .init(
      "kspmbeat.leader_election.renew_deadline: -1s", "kspmbeat.leader_election.renew_deadline: must be greater than 0"),
    .init(
      "kspmbeat.leader_election: {lease_duration: 3s, renew_deadline: 3s}",
      "kspmbeat.leader_election.lease_duration: 3s must be greater than renew_deadline (3s)"),
    .init(
      "kspmbeat.leader_election: {lease_duration: 10s, renew_deadline: 15s}",
      "kspmbeat.leader_election.lease_duration: 10s must be greater than renew_deadline (15s)"),
    .init(
      "kspmbeat.leader_election: {renew_deadline: 2400ms}",
      "kspmbeat.leader_election.renew_deadline: 2.4s must be greater than 1.2 × retry_period (2s × 1.2 = 2.4s)"),
    .init(
      "kspmbeat.leader_election: {retry_period: 5s}",
      "kspmbeat.leader_election.renew_deadline: 3s must be greater than 1.2 × retry_period (5s × 1.2 = 6s)"),
    .init(
      "kspmbeat.leader_election.lease_name: Cloudbeat_Leader",
      #"kspmbeat.leader_election.lease_name: "Cloudbeat_Leader" is not valid: use lowercase letters, digits and '-', starting and ending with a letter or digit (a Kubernetes object name)"#
    ),
    .init(
      "kspmbeat.leader_election.namespace: kube.system",
      #"kspmbeat.leader_election.namespace: "kube.system" is not valid: use lowercase letters, digits and '-', starting and ending with a letter or digit (a Kubernetes namespace name)"#
    ),
    .init(
      "kspmbeat.data_stream.namespace: Prod",
      #"kspmbeat.data_stream.namespace: "Prod" must be lowercase"#),
    .init(
      "kspmbeat.data_stream.namespace: team-a",
      #"kspmbeat.data_stream.namespace: "team-a" must not contain '-' (nor any of - \ / * ? " < > | , # : or a space)"#),
    .init(
      "kspmbeat.data_stream.namespace: 'a b'",
      #"kspmbeat.data_stream.namespace: "a b" must not contain a space (nor any of - \ / * ? " < > | , # : or a space)"#
    ),
    .init(
      "kspmbeat.data_stream.namespace: 'a*'",
      #"kspmbeat.data_stream.namespace: "a*" must not contain '*' (nor any of - \ / * ? " < > | , # : or a space)"#),
    .init("kspmbeat.data_stream.namespace: ''", #"kspmbeat.data_stream.namespace: "" must not be empty"#),
    .init(
      "kspmbeat.data_stream.namespace: \(String(repeating: "n", count: 101))",
      #"kspmbeat.data_stream.namespace: "\#(String(repeating: "n", count: 101))" is longer than 100 bytes"#),
    .init(
      "kspmbeat.config.v1.aws.credentials.access_key_id: AKIA0000",
      "kspmbeat.config.v1.aws.credentials.secret_access_key: is required with access_key_id"),
    .init(
      "kspmbeat.config.v1.aws.credentials.role_arn: my-role",
      #"kspmbeat.config.v1.aws.credentials.role_arn: "my-role" is not an ARN (arn:aws:iam::<account>:role/<name>)"#),
    .init("kspmbeat.profile: level3", #"kspmbeat.profile: "level3" is not level1 or level2"#),
    .init("kspmbeat.rules: [1.2.2, '9.*']", #"kspmbeat.rules: rule pattern "9.*" matches no rule of cis_k8s"#),
    .init("kspmbeat.skip: 1.1.99", #"kspmbeat.skip: rule pattern "1.1.99" matches no rule of cis_k8s"#),
    .init("kspmbeat.sections: '1.2, 8'", #"kspmbeat.sections: section "8" has no rule in cis_k8s"#),
    .init(
      "kspmbeat.target: master\nkspmbeat.config.v1.benchmark: cis_eks",
      #"kspmbeat.target: cis_eks has no target "master" (its targets: controlplane, node (worker), policies, managedservices)"#
    ),
    .init(
      "kspmbeat.sections: [3]", "kspmbeat.sections: the selection leaves no checked rule of cis_k8s to evaluate"),
  ]

  @Test func aRuleSelectionIsReadFromListsOrCommaSeparatedText() throws {
    let loaded = try loadConfig(
      """
      kspmbeat:
        rules: "1.2.*, 5.1.*"
        skip: [1.2.18]
        sections: [1.2, 5]
        profile: level1
        target: [master, policies]
        profle: level2
      """ + "\n" + minimalOutput)
    let selection = loaded.config.selection
    #expect(selection.rules.map(\.text) == ["1.2.*", "5.1.*"])
    #expect(selection.skip.map(\.text) == ["1.2.18"])
    #expect(selection.sections == ["1.2", "5"])
    #expect(selection.profile == .level1)
    #expect(selection.targets == ["master", "policies"])
    #expect(loaded.warnings == ["kspmbeat.profle: unknown setting"], "a misspelt key still warns")
    #expect(try loadConfig(minimalOutput).config.selection.selectsEverything)
  }

  /// The ids come from the benchmark registry: both registered benchmarks are accepted.
  @Test(arguments: ["cis_k8s", "cis_eks"]) func everyRegisteredBenchmarkIsAccepted(id: String) throws {
    let loaded = try loadConfig("kspmbeat.config.v1.benchmark: \(id)\n" + minimalOutput)
    #expect(loaded.config.benchmark == id)
    #expect(loaded.warnings.isEmpty)
  }

  @Test(arguments: kspmbeatCases) func kspmbeatSettingErrorsNameTheKeyPath(_ invalid: InvalidConfigCase) throws {
    #expect(configError(invalid.text + "\n" + minimalOutput)?.description == "kspmbeat.yml: " + invalid.error)
  }

  static let outputCases: [InvalidConfigCase] = [
    .init("kspmbeat.period: 1h", "output: is required: configure output.elasticsearch, output.file or output.console"),
    .init(
      "output.elasticsearch: {hosts: [es]}\noutput.file: {path: /tmp}",
      "output: only one output may be enabled, found output.elasticsearch and output.file"),
    .init(
      "output.elasticsearch: {hosts: [es], enabled: false}",
      "output: no output is enabled: configure output.elasticsearch, output.file or output.console"),
    .init(
      "output.elasticsearch: {}",
      #"output.elasticsearch.hosts: is required: list the Elasticsearch URLs, e.g. ["https://es:9200"]"#),
    .init(
      "output.elasticsearch: {hosts: []}",
      #"output.elasticsearch.hosts: is required: list the Elasticsearch URLs, e.g. ["https://es:9200"]"#),
    .init(
      "output.elasticsearch: {hosts: [es, 'ftp://es:21']}",
      #"output.elasticsearch.hosts[1]: scheme "ftp" is not http or https"#),
    .init("output.elasticsearch: {hosts: 'es:99999'}", #"output.elasticsearch.hosts: "es:99999" has an invalid port"#),
    .init(
      "output.elasticsearch: {hosts: ['::1']}",
      #"output.elasticsearch.hosts[0]: "::1": write an IPv6 address in brackets, [::1]:9200"#),
    .init(
      "output.elasticsearch: {hosts: ['http://es:9200/?x=1']}",
      #"output.elasticsearch.hosts[0]: "http://es:9200/?x=1" must not have a query or fragment"#),
    .init(
      "output.elasticsearch: {hosts: [es], protocol: ftp}",
      #"output.elasticsearch.protocol: "ftp" is not http or https"#),
    .init(
      "output.elasticsearch: {hosts: [es], compression_level: 10}",
      "output.elasticsearch.compression_level: 10 is not between 0 and 9"),
    .init(
      "output.elasticsearch: {hosts: [es], compression_level: -1}",
      "output.elasticsearch.compression_level: -1 is not between 0 and 9"),
    .init(
      "output.elasticsearch: {hosts: [es], compression_level: fast}",
      #"output.elasticsearch.compression_level: "fast" is not a whole number"#),
    .init(
      "output.elasticsearch: {hosts: [es], bulk_max_size: 0}", "output.elasticsearch.bulk_max_size: must be at least 1"),
    .init("output.elasticsearch: {hosts: [es], worker: 0}", "output.elasticsearch.worker: must be at least 1"),
    .init(
      "output.elasticsearch: {hosts: [es], api_key: just-the-encoded-value}",
      #"output.elasticsearch.api_key: must have the form "id:key" (the API key's id and secret joined by ':', not the encoded value)"#
    ),
    .init(
      "output.elasticsearch: {hosts: [es], api_key: ':key'}",
      #"output.elasticsearch.api_key: must have the form "id:key" (the API key's id and secret joined by ':', not the encoded value)"#
    ),
    .init(
      "output.elasticsearch: {hosts: [es], api_key: 'id:key', username: elastic, password: pw}",
      "output.elasticsearch.api_key: cannot be combined with username/password; choose one"),
    .init(
      "output.elasticsearch: {hosts: [es], bearer_token: tok, username: elastic, password: pw}",
      "output.elasticsearch.bearer_token: cannot be combined with api_key or username/password; choose one"),
    .init(
      "output.elasticsearch: {hosts: [es], username: elastic}",
      "output.elasticsearch.password: is required with username"),
    .init(
      "output.elasticsearch: {hosts: [es], password: pw}", "output.elasticsearch.username: is required with password"),
    .init(
      "output.elasticsearch: {hosts: [es], ssl.verification_mode: relaxed}",
      #"output.elasticsearch.ssl.verification_mode: "relaxed" is not one of full, strict, certificate, none"#),
    .init(
      "output.elasticsearch: {hosts: [es], ssl.certificate: /etc/client.pem}",
      "output.elasticsearch.ssl.key: is required with ssl.certificate"),
    .init(
      "output.elasticsearch: {hosts: [es], ssl.ca_trusted_fingerprint: abc}",
      #"output.elasticsearch.ssl.ca_trusted_fingerprint: "abc" is not a hex SHA-256"#),
    .init("output.elasticsearch: {hosts: [es], timeout: 0}", "output.elasticsearch.timeout: must be greater than 0"),
    .init(
      "output.elasticsearch: {hosts: [es], backoff.init: 0s}",
      "output.elasticsearch.backoff.init: must be greater than 0"),
    .init(
      "output.elasticsearch: {hosts: [es], backoff: {init: 10s, max: 5s}}",
      "output.elasticsearch.backoff.max: 5s is less than backoff.init (10s)"),
    .init(
      "output.elasticsearch: {hosts: [es], preset: fastest}",
      #"output.elasticsearch.preset: "fastest" is not one of custom, balanced, throughput, scale, latency"#),
    .init(
      "output.elasticsearch: {hosts: [es], non_indexable_policy: {dead_letter_index: {}}}",
      "output.elasticsearch.non_indexable_policy.dead_letter_index.index: is required"),
    .init(
      "output.elasticsearch: {hosts: [es], non_indexable_policy: {dead_letter_index: {index: DLQ}}}",
      #"output.elasticsearch.non_indexable_policy.dead_letter_index.index: "DLQ" must be lowercase"#),
    .init(
      "output.elasticsearch: {hosts: [es], non_indexable_policy: {drop: ~, dead_letter_index: {index: dlq}}}",
      "output.elasticsearch.non_indexable_policy: choose one of drop and dead_letter_index, not both"),
    .init(
      "output.elasticsearch: {hosts: [es], queue.mem.events: 10}",
      "output.elasticsearch.queue.mem.events: 10 is less than 32"),
    .init(
      "output.elasticsearch: {hosts: [es], queue.mem: {events: 100, flush.min_events: 200}}",
      "output.elasticsearch.queue.mem.flush.min_events: 200 is more than queue.mem.events (100)"),
    .init(
      "output.elasticsearch: {hosts: [es], queue.mem.events: 100}\nqueue.mem.events: 200",
      "output.elasticsearch.queue: queue settings are also set at the top level (queue); keep one of them"),
    .init(
      "output.elasticsearch: {hosts: [es], loadbalance: maybe}",
      #"output.elasticsearch.loadbalance: "maybe" is not true or false"#),
    .init("output.file: {filename: a/b}", #"output.file.filename: "a/b" must be a file name, not a path"#),
    .init("output.file: {number_of_files: 1}", "output.file.number_of_files: 1 is not between 2 and 1024"),
    .init(
      "output.file: {permissions: '0800'}", #"output.file.permissions: "0800" is not an octal file mode like 0600"#),
  ]

  @Test(arguments: outputCases) func outputErrorsNameTheKeyPath(_ invalid: InvalidConfigCase) throws {
    #expect(configError(invalid.text)?.description == "kspmbeat.yml: " + invalid.error)
  }

  @Test func durationsAcceptGoSyntaxAndBareSeconds() throws {
    let cases: [(String, Duration)] = [
      ("300ms", .milliseconds(300)), ("1.5s", .milliseconds(1500)), ("2m", .seconds(120)), ("4h", .seconds(14400)),
      ("1h30m", .seconds(5400)), ("45", .seconds(45)), ("2.5", .milliseconds(2500)), ("'90'", .seconds(90)),
      ("1m0.5s", .milliseconds(60500)),
    ]
    for (text, expected) in cases {
      let config = try loadConfig("kspmbeat.period: \(text)\n" + minimalOutput).config
      #expect(config.period == expected, "\(text)")
    }
  }
}
