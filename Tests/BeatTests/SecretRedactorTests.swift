import Beat
import Foundation
import Logging
import Testing

@Suite struct SecretRedactorTests {
  @Test func configuredSecretsAndSecretLookingVariablesAreMaskedInMessagesAndMetadata() throws {
    let redactor = SecretRedactor(environment: [
      "ES_API_KEY": "env-key-value", "HOME": "/home/kspm", "AUTH_ENABLED": "true", "POD_NAME": "kspmbeat-x1",
    ])
    redactor.register(["keyid:api-key-secret", "pw"])
    #expect(redactor.redact("sent env-key-value and keyid:api-key-secret") == "sent [redacted] and [redacted]")
    #expect(redactor.redact("the key api-key-secret alone") == "the key [redacted] alone")
    #expect(redactor.redact("/home/kspm true kspmbeat-x1 pw") == "/home/kspm true kspmbeat-x1 pw", "not secrets")

    let lines = LineSink()
    var handler = ECSLogHandler(label: "t", style: .json, redactor: redactor, sink: { lines.add($0) })
    handler.logLevel = .trace
    let logger = Logger(label: "t") { _ in handler }
    logger.debug(
      "environment: ES_API_KEY=env-key-value",
      metadata: ["header": "ApiKey keyid:api-key-secret", "n": ["env-key-value"]])
    let line = try #require(lines.all.first)
    #expect(!line.contains("env-key-value") && !line.contains("api-key-secret"), "\(line)")
    #expect(line.contains("ES_API_KEY=[redacted]"))
  }

  @Test func variableNamesThatLookSecret() {
    for name in ["ELASTICSEARCH_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DB_PASSWORD", "SSL_PASSPHRASE"] {
      #expect(SecretRedactor.looksSecret(name: name), "\(name)")
    }
    for name in ["HOME", "PATH", "NODE_NAME", "POD_NAME", "KUBERNETES_SERVICE_HOST"] {
      #expect(!SecretRedactor.looksSecret(name: name), "\(name)")
    }
  }
}
