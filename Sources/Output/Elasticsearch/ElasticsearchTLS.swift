import Foundation
import NIOSSL

/// Turns `output.elasticsearch.ssl` into a NIOSSL client configuration.
enum ElasticsearchTLS {
  /// The client TLS configuration; verification is on unless `verification_mode: none`.
  /// `nil` settings (or `enabled: false`): the system's roots with full verification.
  static func configuration(_ settings: TLSClientConfig?) throws(OutputError) -> TLSConfiguration {
    var tls = TLSConfiguration.makeClientConfiguration()
    guard let settings, settings.enabled else { return tls }
    switch settings.verificationMode {
    // NIOSSL checks subject alternative names (falling back to the common name only without any).
    case .full, .strict: tls.certificateVerification = .fullVerification
    case .certificate: tls.certificateVerification = .noHostnameVerification
    case .none: tls.certificateVerification = .none
    }
    if !settings.certificateAuthorities.isEmpty {
      var roots: [NIOSSLCertificate] = []
      for source in settings.certificateAuthorities {
        let pem = try read(source, key: "ssl.certificate_authorities")
        let certificates: [NIOSSLCertificate]
        do {
          certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
          throw OutputError("ssl.certificate_authorities: \(source) is not a PEM certificate")
        }
        guard !certificates.isEmpty else {
          throw OutputError("ssl.certificate_authorities: \(source) contains no PEM certificate")
        }
        roots.append(contentsOf: certificates)
      }
      // Like libbeat: the configured CAs replace the system's roots.
      tls.trustRoots = .certificates(roots)
    }
    if let certificate = settings.certificate, let key = settings.key {
      let chainPEM = try read(certificate, key: "ssl.certificate")
      do {
        let chain = try NIOSSLCertificate.fromPEMBytes(chainPEM)
        guard !chain.isEmpty else { throw OutputError("empty") }
        tls.certificateChain = chain.map { .certificate($0) }
      } catch {
        throw OutputError("ssl.certificate: \(certificate) is not a PEM certificate")
      }
      let keyPEM = try read(key, key: "ssl.key")
      do {
        if let passphrase = settings.keyPassphrase?.value {
          tls.privateKey = .privateKey(
            try NIOSSLPrivateKey(bytes: keyPEM, format: .pem) { setter in setter(Array(passphrase.utf8)) })
        } else {
          tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
        }
      } catch {
        // The parser's own message is not shown: it could quote key material.
        throw OutputError(
          "ssl.key: \(key) is not a PEM private key"
            + (settings.keyPassphrase == nil ? "" : " (or ssl.key_passphrase does not decrypt it)"))
      }
    }
    return tls
  }

  static func read(_ source: PEMSource, key: String) throws(OutputError) -> [UInt8] {
    switch source {
    case .inline(let text): return Array(text.utf8)
    case .file(let path):
      guard let data = FileManager.default.contents(atPath: path) else {
        throw OutputError("\(key): cannot read \(path)")
      }
      return Array(data)
    }
  }
}
