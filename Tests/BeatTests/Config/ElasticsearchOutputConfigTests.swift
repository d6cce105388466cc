import Beat
import HTTPTransport
import KSPMCore
import Output
import Testing

@Suite struct ElasticsearchOutputConfigTests {
  func elasticsearch(_ text: String, environment: [String: String] = [:]) throws -> ElasticsearchOutputConfig {
    try #require(try loadConfig(text, environment: environment).config.output.elasticsearch)
  }

  @Test func hostsResolveSchemePortAndPathLikeLibbeat() throws {
    let es = try elasticsearch(
      """
      output.elasticsearch:
        hosts: [es1, "es2:9201", "https://es3", "http://es4:80/custom/", "[::1]:9300", "HTTPS://10.0.0.5"]
        protocol: https
        path: /prefix/
      """)
    #expect(
      es.hosts.map(\.url) == [
        "https://es1:9200/prefix", "https://es2:9201/prefix", "https://es3:9200/prefix", "http://es4:80/custom",
        "https://[::1]:9300/prefix", "https://10.0.0.5:9200/prefix",
      ])
    #expect(es.hosts[4].host == "::1")
  }

  @Test func aSingleHostStringIsAListOfOne() throws {
    #expect(
      try elasticsearch("output.elasticsearch.hosts: localhost:9201\n").hosts.map(\.url) == ["http://localhost:9201"])
  }

  @Test func hostsFromAnEnvironmentVariable() throws {
    let environment = ["ES_HOSTS": #"["https://a:9200", "https://b:9200"]"#, "ES_HOST": "https://c:9200"]
    #expect(
      try elasticsearch("output.elasticsearch.hosts: ${ES_HOSTS}\n", environment: environment).hosts.map(\.url) == [
        "https://a:9200", "https://b:9200",
      ])
    #expect(
      try elasticsearch("output.elasticsearch.hosts: ${ES_HOST}\n", environment: environment).hosts.map(\.url) == [
        "https://c:9200"
      ])
    let nested = configError("output.elasticsearch.hosts: ${ES_HOSTS}\n", environment: ["ES_HOSTS": "[a, [b]]"])
    #expect(nested?.description == #"kspmbeat.yml: output.elasticsearch.hosts[1]: ["b"] is not a single value"#)
  }

  @Test func credentialsInAHostURLAreRefusedWithoutRepeatingThem() throws {
    let error = try #require(configError("output.elasticsearch.hosts: ['https://elastic:hunter2@es:9200']\n"))
    #expect(error.keyPath == "output.elasticsearch.hosts[0]")
    #expect(error.reason == "credentials in a host URL are not supported; set username and password")
    #expect(!error.description.contains("hunter2"))
  }

  @Test func extraHeadersAndQueryParameters() throws {
    let es = try elasticsearch(
      """
      output.elasticsearch:
        hosts: [es]
        headers: {X-Team: security, X-Proxy-Token: "${TOKEN}"}
        parameters: {pipeline: kspm-enrich, timeout: 30}
      """, environment: ["TOKEN": "t0p-secret"])
    #expect(es.headers == ["X-Team": ConfigSecret("security"), "X-Proxy-Token": ConfigSecret("t0p-secret")])
    #expect(es.parameters == ["pipeline": "kspm-enrich", "timeout": "30"])
    let badName = configError("output.elasticsearch: {hosts: [es], headers: {'Bad Header': x}}\n")
    #expect(badName?.description.contains("output.elasticsearch.headers") == true)
    #expect(badName?.description.contains("not a valid HTTP header name") == true)
    let multiLine = configError("output.elasticsearch: {hosts: [es], headers: {X-A: \"a\\r\\nB: c\"}}\n")
    #expect(multiLine?.description.contains("output.elasticsearch.headers.X-A: must be a single line") == true)
  }

  @Test func proxySettings() throws {
    let es = try elasticsearch(
      """
      output.elasticsearch:
        hosts: [es]
        proxy_url: http://svc:p%40ss@proxy.corp:3128
        proxy_headers: {X-Client: kspmbeat}
      """)
    #expect(
      es.proxy
        == HTTPProxy(
          host: "proxy.corp", port: 3128, username: "svc", password: ConfigSecret("p@ss"),
          headers: ["X-Client": "kspmbeat"]))
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], proxy_url: 'socks5://10.0.0.1'}").proxy
        == HTTPProxy(kind: .socks5, host: "10.0.0.1", port: 1080))
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], proxy_url: 'http://p:8080', proxy_disable: true}").proxy
        == nil)
    let https = configError("output.elasticsearch: {hosts: [es], proxy_url: 'https://u:hunter2@p:8443'}\n")
    #expect(https?.description.contains("output.elasticsearch.proxy_url: https:// proxies are not supported") == true)
    #expect(https?.description.contains("hunter2") == false)
    let garbage = configError("output.elasticsearch: {hosts: [es], proxy_url: 'ftp://x:secretpw@p'}\n")
    #expect(garbage?.description.contains("secretpw") == false)
  }

  @Test func authenticationKinds() throws {
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], username: elastic, password: changeme}").auth
        == .basic(username: "elastic", password: ConfigSecret("changeme")))
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], api_key: 'VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw'}")
        .auth == .apiKey(id: "VuaCfGcBCdbkQm-e5aOx", key: ConfigSecret("ui2lp2axTNmsyakw9tvNnw")))
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], bearer_token: AAEAAWVsYXN0aWM}").auth
        == .bearer(ConfigSecret("AAEAAWVsYXN0aWM")))
    // A numeric-looking password is still the text that was written.
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], username: u, password: 123456}").auth
        == .basic(username: "u", password: ConfigSecret("123456")))
  }

  @Test func tlsSettings() throws {
    let text = """
      output.elasticsearch:
        hosts: ["es:9200"]
        ssl:
          certificate_authorities: [/etc/pki/ca.pem, ~/ca2.pem]
          verification_mode: certificate
          certificate: /etc/pki/client.pem
          key: /etc/pki/client.key
          key_passphrase: ${KEY_PASS}
          ca_trusted_fingerprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
      """
    let es = try elasticsearch(text, environment: ["KEY_PASS": "pass", "HOME": "/home/k"])
    let tls = try #require(es.tls)
    #expect(tls.certificateAuthorities == [.file("/etc/pki/ca.pem"), .file("/home/k/ca2.pem")])
    #expect(tls.verificationMode == .certificate)
    #expect(tls.certificate == .file("/etc/pki/client.pem"))
    #expect(tls.key == .file("/etc/pki/client.key"))
    #expect(tls.keyPassphrase == ConfigSecret("pass"))
    #expect(tls.caTrustedFingerprint == "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
    #expect(es.hosts.map(\.url) == ["https://es:9200"])
  }

  @Test func inlinePEMIsRecognised() throws {
    let text = """
      output.elasticsearch:
        hosts: ["https://es:9200"]
        ssl.certificate_authorities:
          - |
            -----BEGIN CERTIFICATE-----
            MIIB
            -----END CERTIFICATE-----
      """
    let tls = try #require(try elasticsearch(text).tls)
    guard case .inline(let pem) = tls.certificateAuthorities.first else {
      Issue.record("expected inline PEM, got \(tls.certificateAuthorities)")
      return
    }
    #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\nMIIB\n"))
  }

  @Test func disabledSSLSectionKeepsPlainHTTP() throws {
    let es = try elasticsearch("output.elasticsearch: {hosts: [es], ssl.enabled: false}")
    #expect(es.tls?.enabled == false)
    #expect(es.hosts.map(\.url) == ["http://es:9200"])
  }

  @Test func presetsSupplyDefaultsAndExplicitSettingsWin() throws {
    let latency = try loadConfig("output.elasticsearch: {hosts: [es], preset: latency}").config
    let es = try #require(latency.output.elasticsearch)
    #expect(es.preset == .latency)
    #expect(es.bulkMaxSize == 50)
    #expect(es.workers == 1)
    #expect(es.idleConnectionTimeout == .seconds(60))
    #expect(es.compressionLevel == 1)
    #expect(latency.queue == MemoryQueueConfig(events: 4100, flushMinEvents: 2050, flushTimeout: .seconds(1)))

    let throughput = try loadConfig("output.elasticsearch: {hosts: [es], preset: throughput}").config
    #expect(throughput.output.elasticsearch?.workers == 4)
    #expect(throughput.output.elasticsearch?.idleConnectionTimeout == .seconds(15))
    #expect(throughput.queue == MemoryQueueConfig(events: 12800, flushMinEvents: 1600, flushTimeout: .seconds(5)))

    let scale = try loadConfig("output.elasticsearch: {hosts: [es], preset: scale}").config
    #expect(scale.output.elasticsearch?.backoffInit == .seconds(5))
    #expect(scale.output.elasticsearch?.backoffMax == .seconds(300))
    #expect(scale.output.elasticsearch?.idleConnectionTimeout == .seconds(1))
    #expect(scale.queue.flushTimeout == .seconds(20))

    let balanced = try loadConfig("output.elasticsearch: {hosts: [es], preset: balanced}").config
    let plain = try loadConfig("output.elasticsearch: {hosts: [es]}").config
    #expect(balanced.queue == plain.queue)
    #expect(balanced.output.elasticsearch?.bulkMaxSize == plain.output.elasticsearch?.bulkMaxSize)

    let overridden = try loadConfig(
      """
      output.elasticsearch:
        hosts: [es]
        preset: scale
        bulk_max_size: 400
        backoff.max: 120s
        workers: 2
        queue.mem.flush.timeout: 2s
      """
    ).config
    let custom = try #require(overridden.output.elasticsearch)
    #expect(custom.bulkMaxSize == 400)
    #expect(custom.backoffInit == .seconds(5))
    #expect(custom.backoffMax == .seconds(120))
    #expect(custom.workers == 2)
    #expect(overridden.queue == MemoryQueueConfig(events: 3200, flushMinEvents: 1600, flushTimeout: .seconds(2)))
  }

  @Test func queueSettingsFromTheTopLevelOrTheOutput() throws {
    let top = try loadConfig("queue.mem: {events: 1000}\n" + minimalOutput).config.queue
    // flush.min_events not set: the default, but never more than events.
    #expect(top == MemoryQueueConfig(events: 1000, flushMinEvents: 1000, flushTimeout: .seconds(10)))
    let inside = try loadConfig(
      "output.elasticsearch: {hosts: [es], queue.mem: {events: 6400, flush: {min_events: 800, timeout: 0}}}"
    ).config.queue
    #expect(inside == MemoryQueueConfig(events: 6400, flushMinEvents: 800, flushTimeout: .zero))
    let file = try loadConfig("output.file: {queue.mem.events: 64}").config.queue
    #expect(file.events == 64)
  }

  @Test func retriesAndTimeouts() throws {
    let es = try elasticsearch(
      "output.elasticsearch: {hosts: [es], max_retries: 3, timeout: 30s, compression_level: 0, bulk_max_size: 500, idle_connection_timeout: 10s}"
    )
    #expect(es.maxRetries == 3)
    #expect(es.timeout == .seconds(30))
    #expect(es.compressionLevel == 0)
    #expect(es.bulkMaxSize == 500)
    #expect(es.idleConnectionTimeout == .seconds(10))
    #expect(try elasticsearch("output.elasticsearch: {hosts: [es], max_retries: -1}").maxRetries == nil)
    #expect(try elasticsearch("output.elasticsearch: {hosts: [es], max_retries: 0}").maxRetries == 0)
  }

  @Test func nonIndexablePolicy() throws {
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], non_indexable_policy.drop: ~}").nonIndexablePolicy == .drop
    )
    #expect(
      try elasticsearch("output.elasticsearch: {hosts: [es], non_indexable_policy.dead_letter_index.index: kspm-dlq}")
        .nonIndexablePolicy == .deadLetterIndex("kspm-dlq"))
  }
}
