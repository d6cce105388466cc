import HTTPTransport

extension KubernetesClientConfiguration {
  /// The configuration's trust, verification and client certificate as TLS settings: the CA, when
  /// given, is the only trust root (as in client-go).
  var tlsClientConfig: TLSClientConfig {
    TLSClientConfig(
      certificateAuthorities: certificateAuthorityPEM.map { [.bytes($0)] } ?? [],
      verificationMode: insecureSkipTLSVerify ? .none : .full,
      certificate: clientCertificate.map { .bytes($0.certificatePEM) },
      key: clientCertificate.map { .bytes($0.privateKeyPEM) })
  }
}

extension KubernetesConfigurationError {
  /// The client's TLS settings in the words of a kubeconfig, prefixed with where they came from.
  init(_ source: String, _ error: HTTPClientConfigurationError) {
    switch (error.setting, error.problem) {
    case (.certificateAuthorities, .notPEMCertificate(let parserMessage)):
      self.init("\(source): the certificate authority is not a valid PEM certificate (\(parserMessage))")
    case (.certificateAuthorities, .noCertificate):
      self.init("\(source): the certificate authority contains no PEM certificate")
    case (.certificate, _):
      self.init("\(source): the client certificate is not a valid PEM certificate")
    case (.key, _):
      // Never the parser's message: it could quote key material.
      self.init("\(source): the client key is not a valid PEM private key")
    default:
      self.init("\(source): \(error)")
    }
  }
}
