import Beat
import KSPMCore
import Output
import Testing

@Suite struct ConfigDefaultsTests {
  @Test func kspmbeatSettingsDefault() throws {
    let loaded = try loadConfig(minimalOutput)
    let config = loaded.config
    #expect(loaded.warnings.isEmpty)
    #expect(config.period == .seconds(4 * 3600))
    #expect(config.benchmark == "cis_k8s")
    #expect(config.aws.credentials.isEmpty)
    #expect(config.kubeConfig == nil)
    #expect(config.hostRoot == nil)
    #expect(config.dataStreamNamespace == "default")
    let election = config.leaderElection
    #expect(election.leaseName == "kspmbeat-cluster-leader")
    #expect(election.namespace == nil)
    #expect(election.identity == nil)
    #expect(election.leaseDuration == .seconds(30))
    #expect(election.renewDeadline == .seconds(3))
    #expect(election.retryPeriod == .seconds(2))
    #expect(config.queue == MemoryQueueConfig(events: 3200, flushMinEvents: 1600, flushTimeout: .seconds(10)))
  }

  @Test func emptyValuesMeanUnset() throws {
    let text = """
      kspmbeat:
        kube_config: ""
        host_root:
        leader_election: {identity: "${POD_NAME:}", namespace: ""}
      \(minimalOutput)
      """
    let config = try loadConfig(text).config
    #expect(config.kubeConfig == nil)
    #expect(config.hostRoot == nil)
    #expect(config.leaderElection.identity == nil)
    #expect(config.leaderElection.namespace == nil)
  }

  @Test func elasticsearchOutputDefaults() throws {
    let es = try #require(try loadConfig("output.elasticsearch.hosts: es\n").config.output.elasticsearch)
    #expect(es.hosts == [ElasticsearchHost(scheme: "http", host: "es", port: 9200, path: "")])
    #expect(es.auth == .none)
    #expect(es.tls == nil)
    #expect(es.compressionLevel == 1)
    #expect(es.bulkMaxSize == 1600)
    #expect(es.workers == 2, "two by default (libbeat: one): see docs/elasticsearch-output.md")
    #expect(es.loadBalance)
    #expect(es.backoffInit == .seconds(1))
    #expect(es.backoffMax == .seconds(60))
    #expect(es.timeout == .seconds(90))
    #expect(es.idleConnectionTimeout == .seconds(3))
    #expect(es.maxRetries == nil)
    #expect(es.preset == .custom)
    #expect(es.nonIndexablePolicy == .drop)
  }

  @Test func tlsDefaultsWhenAnSSLSectionIsPresent() throws {
    let text = "output.elasticsearch: {hosts: [es], ssl: {certificate_authorities: /etc/ca.pem}}\n"
    let es = try #require(try loadConfig(text).config.output.elasticsearch)
    let tls = try #require(es.tls)
    #expect(tls.enabled)
    #expect(tls.verificationMode == .full)
    #expect(tls.certificateAuthorities == [.file("/etc/ca.pem")])
    #expect(tls.certificate == nil && tls.key == nil && tls.keyPassphrase == nil)
    // An ssl section makes bare hosts https.
    #expect(es.hosts.map(\.url) == ["https://es:9200"])
  }

  @Test func fileOutputDefaults() throws {
    let file = try #require(try loadConfig("output.file: {}\n").config.output.file)
    #expect(file == FileOutputConfig())
    #expect(file.path == "/var/lib/kspmbeat")
    #expect(file.filename == "kspmbeat")
    #expect(file.rotateEveryKB == 10240)
    #expect(file.numberOfFiles == 7)
    #expect(file.rotateOnStartup)
    #expect(file.permissions == 0o600)
  }

  @Test func fileOutputSettings() throws {
    let text = """
      output.file:
        path: ~/findings
        filename: findings
        rotate_every_kb: 2048
        number_of_files: 3
        rotate_on_startup: false
        permissions: 0640
      """
    let file = try #require(try loadConfig(text, environment: ["HOME": "/root"]).config.output.file)
    #expect(
      file
        == FileOutputConfig(
          path: "/root/findings", filename: "findings", rotateEveryKB: 2048, numberOfFiles: 3, rotateOnStartup: false,
          permissions: 0o640))
    let quoted = try loadConfig("output.file.permissions: \"0600\"\n").config.output.file
    #expect(quoted?.permissions == 0o600)
  }

  @Test func consoleOutputHasNoSettings() throws {
    #expect(try loadConfig("output.console:\n").config.output == .console(ConsoleOutputConfig()))
    #expect(try loadConfig("output.console: {}\n").config.output == .console(ConsoleOutputConfig()))
  }
}
