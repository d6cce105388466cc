import Foundation
import HTTPTransport
import KSPMCore
import TestSupport
import Testing

/// Client certificates, with plain and passphrase-protected keys.
@Suite struct MutualTLSTests {
  @Test func aPassphraseProtectedKeyInAFile() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(requireClientCertificate: true)) { server in
      let client = try server.issueClientCertificate(commonName: "kspmbeat")
      let keyFile = try temporaryFile(
        try encryptedPrivateKeyPEM(client.privateKeyPEM, passphrase: "correct horse"), name: "client.key")
      defer { removeTemporaryFile(keyFile) }
      #expect(try String(contentsOfFile: keyFile, encoding: .utf8).contains("Proc-Type: 4,ENCRYPTED"))
      let tls = TLSClientConfig(
        certificateAuthorities: [.inline(try #require(server.caCertificatePEM))],
        certificate: .inline(client.certificatePEM), key: .file(keyFile),
        keyPassphrase: ConfigSecret("correct horse"))
      #expect(try await getStatus(server.url + "/", tls: tls).get() == 200)
      #expect(server.requests.first?.clientCertificateCommonName == "kspmbeat")
    }
  }

  @Test func anUnencryptedInlineKey() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(requireClientCertificate: true)) { server in
      let client = try server.issueClientCertificate(commonName: "inline")
      let tls = TLSClientConfig(
        certificateAuthorities: [.inline(try #require(server.caCertificatePEM))],
        certificate: .inline(client.certificatePEM), key: .inline(client.privateKeyPEM))
      #expect(try await getStatus(server.url + "/", tls: tls).get() == 200)
      #expect(server.requests.first?.clientCertificateCommonName == "inline")
    }
  }

  @Test func withoutAClientCertificateTheServerRefusesTheHandshake() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(requireClientCertificate: true)) { server in
      let tls = TLSClientConfig(certificateAuthorities: [.inline(try #require(server.caCertificatePEM))])
      #expect(try await !getStatus(server.url + "/", tls: tls).isSuccess)
      #expect(server.requests.isEmpty)
    }
  }

  @Test func aWrongPassphraseNamesTheKeyAndThePassphraseButNoSecret() async throws {
    let ca = try TestCertificateAuthority()
    let client = try ca.issueClientCertificate(commonName: "kspmbeat")
    let encrypted = try encryptedPrivateKeyPEM(client.privateKeyPEM, passphrase: "right")
    let keyFile = try temporaryFile(encrypted, name: "client.key")
    defer { removeTemporaryFile(keyFile) }
    for (key, passphrase, expected) in [
      (
        PEMSource.file(keyFile), "wrong",
        "ssl.key: \(keyFile) is not a PEM private key (or ssl.key_passphrase does not decrypt it)"
      ),
      (
        .inline(encrypted), "wrong",
        "ssl.key: <inline PEM> is not a PEM private key (or ssl.key_passphrase does not decrypt it)"
      ),
      (.inline(encrypted), nil, "ssl.key: <inline PEM> is not a PEM private key"),
    ] as [(PEMSource, String?, String)] {
      let error = await setupError(
        TLSClientConfig(
          certificate: .inline(client.certificatePEM), key: key, keyPassphrase: passphrase.map(ConfigSecret.init)))
      #expect(error?.setting == .key)
      #expect(error?.description == expected)
      #expect(error?.problem == .notPrivateKey(keyPassphraseGiven: passphrase != nil))
      let shown = "\(String(describing: error)) \(String(reflecting: error)) \(dumped(error))"
      #expect(!shown.contains("wrong") && !shown.contains("right"))
      #expect(!shown.contains(encrypted.split(separator: "\n")[3]))
    }
  }
}

/// What `dump` prints for `value`.
func dumped(_ value: some Any) -> String {
  var text = ""
  dump(value, to: &text)
  return text
}
