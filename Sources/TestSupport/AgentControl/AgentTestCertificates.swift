import Crypto
import Foundation
import X509
import _CryptoExtras

/// TLS material shaped like what the Elastic Agent makes for a component: a self-signed RSA-2048
/// CA (CN localhost, O elastic-fleet) and one RSA-2048 pair whose CN and DNS SAN are the random
/// `serverName`, usable for client and server auth, with a PKCS#1 (`RSA PRIVATE KEY`) key.
public struct AgentTestCertificates: Sendable {
  public let caCertificatePEM: String
  public let serverName: String
  /// The pair both the agent's server and the component present.
  public let pair: PEMCredential

  /// One set for every server of a test process that needs no material of its own. Two RSA-2048
  /// keys take half a second of CPU in a debug build; made per server they held the few threads of
  /// a 2-core machine's concurrency pool for seconds and stalled unrelated tests.
  public static func shared() throws -> AgentTestCertificates { try sharedMaterial.get() }
  private static let sharedMaterial = Result { try AgentTestCertificates() }

  /// New material; `serverName` defaults to 32 random hex digits, as the agent's.
  public init(serverName: String? = nil) throws {
    let name = serverName ?? UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let caKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    let caSigner = Certificate.PrivateKey(caKey)
    let caName = try DistinguishedName {
      OrganizationName("elastic-fleet")
      CommonName("localhost")
    }
    let now = Date()
    let ca = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caSigner.publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400), issuer: caName,
      subject: caName, signatureAlgorithm: .sha256WithRSAEncryption,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        Critical(KeyUsage(keyCertSign: true, cRLSign: true))
      },
      issuerPrivateKey: caSigner)
    let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    let subject = try DistinguishedName {
      OrganizationName("elastic-fleet")
      CommonName(name)
    }
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400), issuer: caName,
      subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
        try ExtendedKeyUsage([.clientAuth, .serverAuth])
        SubjectAlternativeNames([.dnsName(name)])
      },
      issuerPrivateKey: caSigner)
    self.serverName = name
    self.caCertificatePEM = try ca.serializeAsPEM().pemString
    self.pair = PEMCredential(
      certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
  }
}
