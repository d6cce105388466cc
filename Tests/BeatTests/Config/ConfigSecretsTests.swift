import Beat
import KSPMCore
import Output
import Testing

@Suite struct ConfigSecretsTests {
  static let secrets = [
    "AWS-SECRET-0001", "AWS-SESSION-0002", "ES-PASSWORD-0003", "ES-APIKEY-0004", "KEY-PASSPHRASE-0005",
    "PRIVATE-KEY-BODY-0006", "BEARER-0007",
  ]

  func assertNoSecret(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for secret in Self.secrets {
      #expect(!text.contains(secret), "\(secret) leaked into: \(text)", sourceLocation: sourceLocation)
    }
  }

  @Test func secretsNeverAppearInDescriptions() throws {
    let text = """
      kspmbeat.config.v1.aws.credentials:
        access_key_id: AKIAEXAMPLE
        secret_access_key: AWS-SECRET-0001
        session_token: AWS-SESSION-0002
      output.elasticsearch:
        hosts: ["https://es:9200"]
        username: elastic
        password: ES-PASSWORD-0003
        ssl:
          certificate: /etc/client.pem
          key: |
            -----BEGIN PRIVATE KEY-----
            PRIVATE-KEY-BODY-0006
            -----END PRIVATE KEY-----
          key_passphrase: KEY-PASSPHRASE-0005
      """
    let config = try loadConfig(text).config
    let descriptions = [
      String(describing: config), String(reflecting: config), String(describing: config.aws.credentials),
      String(describing: config.output), String(reflecting: config.output),
    ]
    var dumped = ""
    dump(config, to: &dumped)
    for description in descriptions + [dumped] { assertNoSecret(description) }
    // The values are there for the code that uses them.
    #expect(config.aws.credentials.secretAccessKey?.value == "AWS-SECRET-0001")
    #expect(config.aws.credentials.sessionToken?.value == "AWS-SESSION-0002")
    #expect(String(describing: config).contains("<redacted>"))
    #expect(String(describing: config).contains("AKIAEXAMPLE"))

    let apiKey = try loadConfig("output.elasticsearch: {hosts: [es], api_key: 'myid:ES-APIKEY-0004'}").config
    let bearer = try loadConfig("output.elasticsearch: {hosts: [es], bearer_token: BEARER-0007}").config
    for other in [apiKey, bearer] {
      assertNoSecret(String(describing: other))
      assertNoSecret(String(reflecting: other))
    }
  }

  @Test func secretsNeverAppearInErrors() throws {
    let cases: [(String, [String])] = [
      ("output.elasticsearch: {hosts: [es], api_key: ES-APIKEY-0004}", []),
      ("output.elasticsearch: {hosts: [es], api_key: 'a:ES-APIKEY-0004', username: u, password: ES-PASSWORD-0003}", []),
      ("output.elasticsearch: {hosts: [es], password: ES-PASSWORD-0003}", []),
      ("output.elasticsearch: {hosts: [es], password: [ES-PASSWORD-0003]}", []),
      ("output.elasticsearch: {hosts: [es], bearer_token: BEARER-0007, api_key: 'a:b'}", []),
      ("output.elasticsearch: {hosts: ['https://u:ES-PASSWORD-0003@es']}", []),
      ("output.elasticsearch: {hosts: [es], ssl.key: PRIVATE-KEY-BODY-0006}", []),
      ("output.elasticsearch: {hosts: [es], ssl: {key_passphrase: {x: KEY-PASSPHRASE-0005}}}", []),
      ("kspmbeat.config.v1.aws.credentials: {secret_access_key: AWS-SECRET-0001}\n" + minimalOutput, []),
      ("kspmbeat.config.v1.aws.credentials: {session_token: AWS-SESSION-0002}\n" + minimalOutput, []),
      (minimalOutput, ["output.elasticsearch.password=ES-PASSWORD-0003", "output.elasticsearch.api_key=x:y"]),
      (minimalOutput, ["output.elasticsearch.api_key=[ES-APIKEY-0004"]),
      (minimalOutput, ["output.elasticsearch.password ES-PASSWORD-0003"]),
    ]
    for (text, overrides) in cases {
      let error = try #require(configError(text, overrides: overrides))
      assertNoSecret(error.description)
      assertNoSecret(String(reflecting: error))
    }
  }

  @Test func aSecretPrintsRedacted() {
    let secret = ConfigSecret("hunter2")
    #expect("\(secret)" == "<redacted>")
    #expect(String(reflecting: secret) == "<redacted>")
    #expect(String(describing: [secret]) == "[<redacted>]")
    #expect(secret.value == "hunter2")
  }
}
