import HTTPTransport
import KSPMCore

extension PEMSource {
  /// A value starting with `-----BEGIN` is inline PEM, anything else a path.
  static func classify(_ text: String, expandTilde: (String) -> String) -> PEMSource {
    text.trimmingSpaces.hasPrefix("-----BEGIN") ? .inline(text) : .file(expandTilde(text))
  }
}

extension TLSClientConfig {
  static let keys: Set<String> = [
    "enabled", "certificate_authorities", "verification_mode", "certificate", "key", "key_passphrase",
    "ca_trusted_fingerprint",
  ]

  static func read(_ section: ConfigSection) throws(ConfigError) -> TLSClientConfig {
    section.warnUnknown(keys)
    var config = TLSClientConfig()
    config.enabled = try section.bool("enabled") ?? true
    let pem = { (text: String) in PEMSource.classify(text, expandTilde: section.expandTilde) }
    config.certificateAuthorities = (try section.strings("certificate_authorities") ?? []).filter { !$0.isEmpty }
      .map(pem)
    if let mode = try section.nonEmptyString("verification_mode") {
      guard let parsed = TLSVerificationMode(rawValue: mode.lowercased()) else {
        let modes = TLSVerificationMode.allCases.map(\.rawValue).joined(separator: ", ")
        throw section.error("verification_mode", "\(ConfigSection.quote(mode)) is not one of \(modes)")
      }
      config.verificationMode = parsed
    }
    // The key may be inline PEM (secret): read it as a secret so errors never show it.
    config.certificate = try section.nonEmptyString("certificate").map(pem)
    config.key = try section.secret("key").map { pem($0.value) }
    config.keyPassphrase = try section.secret("key_passphrase")
    if config.certificate != nil, config.key == nil { throw section.error("key", "is required with ssl.certificate") }
    if config.key != nil, config.certificate == nil { throw section.error("certificate", "is required with ssl.key") }
    if let fingerprint = try section.nonEmptyString("ca_trusted_fingerprint") {
      let hex = fingerprint.filter { $0 != ":" }
      guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
        throw section.error("ca_trusted_fingerprint", "\(ConfigSection.quote(fingerprint)) is not a hex SHA-256")
      }
      config.caTrustedFingerprint = hex.lowercased()
    }
    return config
  }
}
