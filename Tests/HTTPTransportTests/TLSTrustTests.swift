import Foundation
import HTTPTransport
import TestSupport
import Testing

/// Real TLS between a client from the factory and the Elasticsearch test server.
@Suite struct TLSTrustTests {
  @Test func aTrustedCAFromAFileIsEnough() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions()) { server in
      let caFile = try temporaryFile(try #require(server.caCertificatePEM), name: "ca.pem")
      defer { removeTemporaryFile(caFile) }
      let result = try await getStatus(server.url + "/", tls: TLSClientConfig(certificateAuthorities: [.file(caFile)]))
      #expect(try result.get() == 200)
    }
  }

  @Test func severalCAsAreAllTrusted() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions()) { server in
      let other = try TestCertificateAuthority(commonName: "another CA")
      let tls = TLSClientConfig(certificateAuthorities: [
        .inline(other.certificatePEM), .inline(try #require(server.caCertificatePEM)),
      ])
      #expect(try await getStatus(server.url + "/", tls: tls).get() == 200)
    }
  }

  @Test func withoutTheCAVerificationFails() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions()) { server in
      for tls in [nil, TLSClientConfig(), TLSClientConfig(enabled: false)] {
        let result = try await getStatus(server.url + "/", tls: tls)
        #expect(result.failureText.contains("CERTIFICATE_VERIFY_FAILED"), "\(result)")
      }
      #expect(server.requests.isEmpty)
    }
  }

  @Test func configuredCAsReplaceTheSystemRoots() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions()) { server in
      let other = try TestCertificateAuthority(commonName: "someone else")
      let result = try await getStatus(
        server.url + "/", tls: TLSClientConfig(certificateAuthorities: [.inline(other.certificatePEM)]))
      #expect(result.failureText.contains("CERTIFICATE_VERIFY_FAILED"), "\(result)")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func verificationNoneAcceptsAnUntrustedCertificate() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(dnsNames: ["elasticsearch.invalid"])) { server in
      let result = try await getStatus(server.url + "/", tls: TLSClientConfig(verificationMode: .none))
      #expect(try result.get() == 200)
    }
  }

  @Test func certificateModeSkipsTheHostNameWhichFullModeChecks() async throws {
    // The certificate names elasticsearch.invalid; the client connects to 127.0.0.1.
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(dnsNames: ["elasticsearch.invalid"])) { server in
      let ca = PEMSource.inline(try #require(server.caCertificatePEM))
      for mode in [TLSVerificationMode.full, .strict] {
        let refused = try await getStatus(
          server.url + "/", tls: TLSClientConfig(certificateAuthorities: [ca], verificationMode: mode))
        #expect(!refused.isSuccess, "\(mode) must check the host name")
      }
      #expect(server.requests.isEmpty)
      let accepted = try await getStatus(
        server.url + "/", tls: TLSClientConfig(certificateAuthorities: [ca], verificationMode: .certificate))
      #expect(try accepted.get() == 200)
    }
  }

  @Test func certificateModeStillChecksTheChain() async throws {
    try await ElasticsearchBulkServer.withServer(tlsServerOptions(dnsNames: ["elasticsearch.invalid"])) { server in
      let result = try await getStatus(server.url + "/", tls: TLSClientConfig(verificationMode: .certificate))
      #expect(result.failureText.contains("CERTIFICATE_VERIFY_FAILED"), "\(result)")
    }
  }
}
