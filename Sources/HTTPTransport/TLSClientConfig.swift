import KSPMCore

/// How a TLS client checks the server's certificate (libbeat's `ssl.verification_mode`).
public enum TLSVerificationMode: String, Sendable, CaseIterable {
  /// Chain to a trusted CA, and the host name matches the certificate (the default).
  case full
  /// Like `full`, and a certificate without a subject alternative name is refused.
  /// (NIOSSL already checks only subject alternative names when a certificate has any.)
  case strict
  /// Chain to a trusted CA; the host name is not checked.
  case certificate
  /// No verification at all (for testing only).
  case none
}

/// Client TLS settings: whom to trust, how to verify, and who we are.
///
/// Named after libbeat's `ssl` section, whose keys error messages use. No settings (or
/// `enabled: false`): TLS is still used for `https` URLs, with the system's roots and full
/// verification.
public struct TLSClientConfig: Sendable, Equatable {
  /// `ssl.enabled` (default true): false ignores the rest.
  public var enabled: Bool
  /// CAs to trust instead of the system's roots (`ssl.certificate_authorities`); empty: the
  /// system's roots.
  public var certificateAuthorities: [PEMSource]
  public var verificationMode: TLSVerificationMode
  /// Client certificate chain for mutual TLS (`ssl.certificate`), with `key`.
  public var certificate: PEMSource?
  /// The client certificate's private key (`ssl.key`).
  public var key: PEMSource?
  /// Passphrase of an encrypted `key` (`ssl.key_passphrase`).
  public var keyPassphrase: ConfigSecret?
  /// Hex SHA-256 of a CA certificate to trust when it appears in the server's chain
  /// (`ssl.ca_trusted_fingerprint`), colons allowed. Not applied by ``makeHTTPClient(_:)``:
  /// kept so that a caller can say it is ignored.
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
