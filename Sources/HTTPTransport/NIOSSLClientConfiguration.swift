import NIOSSL

extension TLSClientConfig {
  /// The NIOSSL client configuration for `settings`; `nil` or `enabled: false`: the system's
  /// roots with full verification.
  static func nioConfiguration(_ settings: TLSClientConfig?) throws(HTTPClientConfigurationError) -> TLSConfiguration {
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
        roots += try certificates(from: source, setting: .certificateAuthorities)
      }
      // As libbeat and client-go: the configured CAs replace the system's roots.
      tls.trustRoots = .certificates(roots)
    }
    switch (settings.certificate, settings.key) {
    case (nil, nil): break
    case (_?, nil):
      throw HTTPClientConfigurationError(setting: .key, source: nil, problem: .missing(requiredWith: .certificate))
    case (nil, _?):
      throw HTTPClientConfigurationError(setting: .certificate, source: nil, problem: .missing(requiredWith: .key))
    case (let certificate?, let key?):
      tls.certificateChain = try certificates(from: certificate, setting: .certificate).map { .certificate($0) }
      tls.privateKey = .privateKey(try privateKey(from: key, passphrase: settings.keyPassphrase?.value))
    }
    return tls
  }

  /// The certificates in one PEM source; at least one.
  private static func certificates(
    from source: PEMSource, setting: HTTPClientConfigurationError.Setting
  ) throws(HTTPClientConfigurationError) -> [NIOSSLCertificate] {
    let pem = try source.read(for: setting)
    // Text without a certificate block (a key, a typo'd path's content) is not a parser failure.
    let certificates =
      String(decoding: pem, as: UTF8.self).contains("CERTIFICATE-----")
      ? try parseCertificates(pem, source: source, setting: setting) : []
    guard !certificates.isEmpty else {
      throw HTTPClientConfigurationError(setting: setting, source: source, problem: .noCertificate)
    }
    return certificates
  }

  private static func parseCertificates(
    _ pem: [UInt8], source: PEMSource, setting: HTTPClientConfigurationError.Setting
  ) throws(HTTPClientConfigurationError) -> [NIOSSLCertificate] {
    do {
      return try NIOSSLCertificate.fromPEMBytes(pem)
    } catch {
      throw HTTPClientConfigurationError(
        setting: setting, source: source, problem: .notPEMCertificate(parserMessage: "\(error)"))
    }
  }

  /// The private key, decrypted with `passphrase` when it is encrypted.
  private static func privateKey(
    from source: PEMSource, passphrase: String?
  ) throws(HTTPClientConfigurationError) -> NIOSSLPrivateKey {
    let pem = try source.read(for: .key)
    do {
      if let passphrase {
        return try NIOSSLPrivateKey(bytes: pem, format: .pem) { setter in setter(Array(passphrase.utf8)) }
      }
      return try NIOSSLPrivateKey(bytes: pem, format: .pem)
    } catch {
      // The parser's own message is not kept: it could quote key material.
      throw HTTPClientConfigurationError(
        setting: .key, source: source, problem: .notPrivateKey(keyPassphraseGiven: passphrase != nil))
    }
  }
}
