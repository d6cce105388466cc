import Foundation
import HTTPTransport
import KSPMCore
import TestSupport
import Testing

/// Settings the factory refuses: the message names the setting and never shows key material.
@Suite struct ConfigurationErrorTests {
  static let keyLikeSecret = "MHcCAQEEIBkSECRETKEYMATERIALnotReallyAKeyButShouldNeverBeShown"
  static let garbageKey = "-----BEGIN PRIVATE KEY-----\n\(keyLikeSecret)\n-----END PRIVATE KEY-----\n"

  @Test func anUnreadableCAFile() async {
    let error = await setupError(TLSClientConfig(certificateAuthorities: [.file("/nonexistent/ca.pem")]))
    #expect(error?.description == "ssl.certificate_authorities: cannot read /nonexistent/ca.pem")
    #expect(error?.problem == .unreadable)
  }

  @Test func aCAFileWithoutACertificate() async throws {
    let ca = try TestCertificateAuthority()
    let key = try ca.issueClientCertificate(commonName: "x").privateKeyPEM
    for text in ["not PEM at all\n", key] {
      let path = try temporaryFile(text, name: "x.pem")
      defer { removeTemporaryFile(path) }
      let error = await setupError(
        TLSClientConfig(certificateAuthorities: [.inline(ca.certificatePEM), .file(path)]))
      #expect(error?.description == "ssl.certificate_authorities: \(path) contains no PEM certificate")
      #expect(error?.setting == .certificateAuthorities)
    }
  }

  @Test func aBrokenCertificateBlock() async throws {
    let broken = "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n"
    let error = await setupError(TLSClientConfig(certificateAuthorities: [.inline(broken)]))
    #expect(error?.description == "ssl.certificate_authorities: <inline PEM> is not a PEM certificate")
    guard case .notPEMCertificate? = error?.problem else {
      Issue.record("expected notPEMCertificate, got \(String(describing: error))")
      return
    }
  }

  @Test func aClientCertificateThatIsNotOne() async throws {
    let error = await setupError(
      TLSClientConfig(certificate: .inline("hello\n"), key: .inline(Self.garbageKey)))
    #expect(error?.description == "ssl.certificate: <inline PEM> contains no PEM certificate")
  }

  @Test func aKeyThatIsNotOneIsNamedWithoutItsContent() async throws {
    let ca = try TestCertificateAuthority()
    let client = try ca.issueClientCertificate(commonName: "x")
    let path = try temporaryFile(Self.garbageKey, name: "client.key")
    defer { removeTemporaryFile(path) }
    for (key, shownAs) in [(PEMSource.inline(Self.garbageKey), "<inline PEM>"), (.file(path), path)] {
      let error = await setupError(TLSClientConfig(certificate: .inline(client.certificatePEM), key: key))
      #expect(error?.description == "ssl.key: \(shownAs) is not a PEM private key")
      let shown = "\(String(describing: error)) \(String(reflecting: error)) \(dumped(error))"
      #expect(!shown.contains("SECRETKEYMATERIAL"))
    }
    // A certificate given as the key.
    let swapped = await setupError(
      TLSClientConfig(certificate: .inline(client.certificatePEM), key: .inline(client.certificatePEM)))
    #expect(swapped?.description == "ssl.key: <inline PEM> is not a PEM private key")
  }

  @Test func aCertificateNeedsItsKeyAndAKeyItsCertificate() async throws {
    let ca = try TestCertificateAuthority()
    let client = try ca.issueClientCertificate(commonName: "x")
    let noKey = await setupError(TLSClientConfig(certificate: .inline(client.certificatePEM)))
    #expect(noKey?.description == "ssl.key: is required with ssl.certificate")
    let noCertificate = await setupError(TLSClientConfig(key: .inline(client.privateKeyPEM)))
    #expect(noCertificate?.description == "ssl.certificate: is required with ssl.key")
  }

  @Test func disabledTLSIgnoresBrokenSettings() async {
    #expect(await setupError(TLSClientConfig(enabled: false, certificateAuthorities: [.file("/nonexistent")])) == nil)
  }
}
