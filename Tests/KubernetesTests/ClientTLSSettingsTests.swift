import Foundation
import Kubernetes
import TestSupport
import Testing

@Suite("Kubernetes client: TLS settings that cannot be used")
struct ClientTLSSettingsTests {
  static let secret = "MHcCAQEEIBkSECRETKEYMATERIAL"

  func message(_ configure: (inout KubernetesClientConfiguration) -> Void) -> String? {
    var configuration = KubernetesClientConfiguration(server: "https://127.0.0.1:6443", source: "kubeconfig /k")
    configure(&configuration)
    return #expect(throws: KubernetesConfigurationError.self) {
      _ = try KubernetesClient(configuration: configuration)
    }?.message
  }

  @Test("a CA without a certificate, or a broken one, names the certificate authority")
  func certificateAuthority() {
    #expect(
      message { $0.certificateAuthorityPEM = Array("not a certificate\n".utf8) }
        == "kubeconfig /k: the certificate authority contains no PEM certificate")
    let broken = "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n"
    #expect(
      message { $0.certificateAuthorityPEM = Array(broken.utf8) }?
        .hasPrefix("kubeconfig /k: the certificate authority is not a valid PEM certificate (") == true)
  }

  @Test("a bad client certificate or key is named without the key's content")
  func clientCertificate() throws {
    let credential = try TestCertificateAuthority().issueClientCertificate(commonName: "me")
    let badKey = "-----BEGIN PRIVATE KEY-----\n\(Self.secret)\n-----END PRIVATE KEY-----\n"
    let keyMessage = message {
      $0.clientCertificate = ClientCertificate(
        certificatePEM: Array(credential.certificatePEM.utf8), privateKeyPEM: Array(badKey.utf8))
    }
    #expect(keyMessage == "kubeconfig /k: the client key is not a valid PEM private key")
    #expect(
      message {
        $0.clientCertificate = ClientCertificate(
          certificatePEM: Array(badKey.utf8), privateKeyPEM: Array(credential.privateKeyPEM.utf8))
      } == "kubeconfig /k: the client certificate is not a valid PEM certificate")
  }
}
