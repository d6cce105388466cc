/// A TLS setting that cannot be used, named as libbeat names it.
///
/// The text never quotes key material, inline PEM or the parser's message about a key.
public struct HTTPClientConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The wrong setting; the raw value is its libbeat key.
  public enum Setting: String, Sendable {
    case certificateAuthorities = "ssl.certificate_authorities"
    case certificate = "ssl.certificate"
    case key = "ssl.key"
  }

  public enum Problem: Sendable, Equatable {
    /// The file cannot be read.
    case unreadable
    /// The certificate parser refused it (its message: about certificates only, never keys).
    case notPEMCertificate(parserMessage: String)
    /// Valid PEM without any certificate.
    case noCertificate
    /// Not a private key, or `keyPassphraseGiven` and the passphrase does not decrypt it.
    case notPrivateKey(keyPassphraseGiven: Bool)
    /// The setting is missing although `other` is set (a certificate needs its key and back).
    case missing(requiredWith: Setting)
  }

  public var setting: Setting
  /// Where the value came from: a path or `<inline PEM>` (never the PEM itself); `nil` for a
  /// missing setting.
  public var source: String?
  public var problem: Problem

  public init(setting: Setting, source: PEMSource?, problem: Problem) {
    self.setting = setting
    self.source = source?.description
    self.problem = problem
  }

  /// `ssl.certificate_authorities: /x.pem contains no PEM certificate`.
  public var description: String {
    let name = setting.rawValue
    let source = self.source ?? "the value"
    switch problem {
    case .unreadable: return "\(name): cannot read \(source)"
    case .notPEMCertificate: return "\(name): \(source) is not a PEM certificate"
    case .noCertificate: return "\(name): \(source) contains no PEM certificate"
    case .notPrivateKey(let passphrase):
      return "\(name): \(source) is not a PEM private key"
        + (passphrase ? " (or ssl.key_passphrase does not decrypt it)" : "")
    case .missing(let other): return "\(name): is required with \(other.rawValue)"
    }
  }
}
