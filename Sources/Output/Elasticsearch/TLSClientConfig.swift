import KSPMCore

/// A certificate, key or CA given either as a file path or inline PEM text.
public enum PEMSource: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// A file to read (`~` expanded).
  case file(String)
  /// PEM text written in the configuration (`-----BEGIN …`); never shown (it may be a private key).
  case inline(String)

  public var description: String {
    switch self {
    case .file(let path): return path
    case .inline: return "<inline PEM>"
    }
  }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}

/// How a TLS client checks the server (`ssl.verification_mode`), as in libbeat.
public enum TLSVerificationMode: String, Sendable, CaseIterable {
  /// Chain to a trusted CA, and the host name matches the certificate (the default).
  case full
  /// Like `full`, and a certificate without a subject alternative name is refused.
  case strict
  /// Chain to a trusted CA; the host name is not checked.
  case certificate
  /// No verification at all (for testing only).
  case none
}

/// TLS settings of an output (`output.elasticsearch.ssl`).
///
/// No `ssl` section: TLS is still used for `https` hosts, with the system's trusted roots.
public struct TLSClientConfig: Sendable, Equatable {
  /// `ssl.enabled` (default true): false ignores the rest.
  public var enabled: Bool
  /// CAs to trust instead of the system's roots (`ssl.certificate_authorities`).
  public var certificateAuthorities: [PEMSource]
  public var verificationMode: TLSVerificationMode
  /// Client certificate for mutual TLS (`ssl.certificate`), with `key`.
  public var certificate: PEMSource?
  /// The client certificate's private key (`ssl.key`).
  public var key: PEMSource?
  /// Passphrase of an encrypted `key` (`ssl.key_passphrase`).
  public var keyPassphrase: ConfigSecret?
  /// Hex SHA-256 of a CA certificate to trust when it appears in the server's chain
  /// (`ssl.ca_trusted_fingerprint`), colons allowed.
  public var caTrustedFingerprint: String?

  public init(
    enabled: Bool = true, certificateAuthorities: [PEMSource] = [], verificationMode: TLSVerificationMode = .full,
    certificate: PEMSource? = nil, key: PEMSource? = nil, keyPassphrase: ConfigSecret? = nil,
    caTrustedFingerprint: String? = nil
  ) {
    self.enabled = enabled
    self.certificateAuthorities = certificateAuthorities
    self.verificationMode = verificationMode
    self.certificate = certificate
    self.key = key
    self.keyPassphrase = keyPassphrase
    self.caTrustedFingerprint = caTrustedFingerprint
  }
}
