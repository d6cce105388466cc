import Crypto
import Foundation
import NIOSSL
import X509

/// A certificate and its private key, PEM encoded.
public struct PEMCredential: Sendable, Hashable {
  public var certificatePEM: String
  public var privateKeyPEM: String
}

/// A throw-away certificate authority generated at run time (P-256, valid for a day), for TLS
/// test servers and client certificates.
public struct TestCertificateAuthority: Sendable {
  public let certificatePEM: String
  let certificate: Certificate
  let privateKey: Certificate.PrivateKey

  /// A new CA named `commonName`.
  public init(commonName: String = "kspmbeat test CA") throws {
    let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
    let name = try DistinguishedName {
      OrganizationName("kspmbeat tests")
      CommonName(commonName)
    }
    let now = Date()
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400), issuer: name,
      subject: name, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        Critical(KeyUsage(keyCertSign: true, cRLSign: true))
      },
      issuerPrivateKey: key)
    self.certificate = certificate
    self.privateKey = key
    self.certificatePEM = try certificate.serializeAsPEM().pemString
  }

  /// A server certificate for `dnsNames` and IPv4 `ipAddresses` (SANs).
  public func issueServerCertificate(
    dnsNames: [String] = ["localhost"], ipAddresses: [[UInt8]] = [[127, 0, 0, 1]]
  ) throws -> PEMCredential {
    var names: [GeneralName] = dnsNames.map { .dnsName($0) }
    for address in ipAddresses {
      names.append(.ipAddress(.init(contentBytes: address[...])))
    }
    return try issue(
      commonName: dnsNames.first ?? "server", organization: nil, usage: .serverAuth, alternativeNames: names)
  }

  /// A client certificate: the API server takes `commonName` as the user and `organization` as
  /// a group, as kube-apiserver does.
  public func issueClientCertificate(commonName: String, organization: String? = nil) throws -> PEMCredential {
    try issue(commonName: commonName, organization: organization, usage: .clientAuth, alternativeNames: [])
  }

  private func issue(
    commonName: String, organization: String?, usage: ExtendedKeyUsage.Usage, alternativeNames: [GeneralName]
  ) throws -> PEMCredential {
    let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
    let subject = try DistinguishedName {
      if let organization { OrganizationName(organization) }
      CommonName(commonName)
    }
    let now = Date()
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400),
      issuer: self.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
        try ExtendedKeyUsage([usage])
        if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
      },
      issuerPrivateKey: privateKey)
    return PEMCredential(
      certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: try key.serializeAsPEM().pemString)
  }

  /// The CA as NIOSSL sees it.
  func nioCertificate() throws -> NIOSSLCertificate {
    try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
  }

  /// Subject common name and organizations of a DER certificate (for client-certificate users).
  static func identity(ofDER der: [UInt8]) -> (user: String, groups: [String])? {
    guard let certificate = try? Certificate(derEncoded: der) else { return nil }
    var user: String?
    var groups: [String] = []
    for rdn in certificate.subject {
      for attribute in rdn {
        if attribute.type == .RDNAttributeType.commonName { user = String(describing: attribute.value) }
        if attribute.type == .RDNAttributeType.organizationName { groups.append(String(describing: attribute.value)) }
      }
    }
    return user.map { ($0, groups) }
  }
}
