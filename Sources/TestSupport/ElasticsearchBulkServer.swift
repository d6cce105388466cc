import Foundation
import KSPMCore
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// An Elasticsearch node for tests, as far as a beat uses one: `GET /` and `_bulk`, on SwiftNIO
/// (HTTP/1.1), listening on `127.0.0.1` on a ``RestartablePort``.
///
/// - Plain HTTP, or TLS with a certificate from a CA generated at run time (optionally
///   requiring client certificates); Basic, ApiKey and Bearer authentication (401 with
///   `WWW-Authenticate` and a `security_exception`).
/// - Bulk bodies as Elasticsearch checks them: gzip request bodies, gzip answers on
///   `Accept-Encoding`, JSON/NDJSON content types (406), `http.max_content_length` after
///   decoding (413), NDJSON framing and action lines (400), per-item document parsing, data
///   stream rules (`create` only, `@timestamp`, `data_stream.*` matching the name), 409 for a
///   `create` whose id exists, `filter_path`.
/// - Documents are kept per index and id, with how many times each id arrived.
/// - Faults: whole-request statuses, per-item statuses, slow answers, connections closed
///   before, during or after processing, and downtime on the same port.
public final class ElasticsearchBulkServer: TestServerLifetime {
  public let options: Options
  public let port: Int
  /// `http://127.0.0.1:<port>` or `https://…`, without the path prefix.
  public let url: String
  /// The CA that signed the server certificate; `nil` for plain HTTP.
  public let certificateAuthority: TestCertificateAuthority?
  let core: BulkServerCore
  private let sslContext: NIOSSLContext?
  private let listener: LockedValue<Listener>

  private struct Listener {
    var channel: (any Channel)?
    var binding = false
    var shutDown = false
    var scheduledComeBack: Task<Void, Never>?
  }

  /// The CA certificate (PEM) clients must trust; `nil` for plain HTTP.
  public var caCertificatePEM: String? { certificateAuthority?.certificatePEM }

  private init(
    options: Options, port: Int, certificateAuthority: TestCertificateAuthority?, core: BulkServerCore,
    sslContext: NIOSSLContext?, channel: any Channel
  ) {
    self.options = options
    self.port = port
    self.url = (options.tls ? "https" : "http") + "://127.0.0.1:\(port)"
    self.certificateAuthority = certificateAuthority
    self.core = core
    self.sslContext = sslContext
    self.listener = LockedValue(Listener(channel: channel))
  }

  /// Starts a server; stop it with ``shutdown()``.
  public static func start(_ options: Options = Options()) async throws -> ElasticsearchBulkServer {
    let core = BulkServerCore(options: options)
    var authority: TestCertificateAuthority?
    var sslContext: NIOSSLContext?
    if options.tls {
      let ca = try TestCertificateAuthority(commonName: "kspmbeat Elasticsearch test CA")
      let server =
        try options.certificateDNSNames.map { try ca.issueServerCertificate(dnsNames: $0, ipAddresses: []) }
        ?? ca.issueServerCertificate()
      var configuration = TLSConfiguration.makeServerConfiguration(
        certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(server.certificatePEM.utf8)).map {
          .certificate($0)
        },
        privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(server.privateKeyPEM.utf8), format: .pem)))
      if options.requireClientCertificate {
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([try ca.nioCertificate()])
      }
      sslContext = try NIOSSLContext(configuration: configuration)
      authority = ca
    }
    let channel = try await RestartablePort.bind { port in
      try await bootstrap(core: core, sslContext: sslContext).bind(host: "127.0.0.1", port: port).get()
    }
    guard let port = channel.localAddress?.port else {
      try? await channel.close()
      throw BulkServerError(description: "the Elasticsearch test server has no local port")
    }
    return ElasticsearchBulkServer(
      options: options, port: port, certificateAuthority: authority, core: core, sslContext: sslContext,
      channel: channel)
  }

  /// Runs `body` with a started server and shuts it down afterwards, also when `body` throws.
  public static func withServer<Result: Sendable>(
    _ options: Options = Options(), _ body: (ElasticsearchBulkServer) async throws -> Result
  ) async throws -> Result {
    try await start(options).use(body)
  }

  /// Stops listening for good and closes open connections.
  public func shutdown() async {
    let (channel, task) = listener.withLock { listener in
      listener.shutDown = true
      defer {
        listener.channel = nil
        listener.scheduledComeBack = nil
      }
      return (listener.channel, listener.scheduledComeBack)
    }
    task?.cancel()
    try? await channel?.close()
    await closeConnections()
  }

  /// A client certificate signed by the server's CA (for ``Options/requireClientCertificate``).
  public func issueClientCertificate(commonName: String) throws -> PEMCredential {
    guard let certificateAuthority else {
      throw BulkServerError(description: "client certificates need a TLS server")
    }
    return try certificateAuthority.issueClientCertificate(commonName: commonName)
  }

  /// A client TLS configuration that trusts the server's CA (full verification, on top of the
  /// system roots) and presents `clientCertificate` when given.
  public func clientTLSConfiguration(clientCertificate: PEMCredential? = nil) throws -> TLSConfiguration {
    guard let certificateAuthority else {
      throw BulkServerError(description: "a TLS configuration needs a TLS server")
    }
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.certificateVerification = .fullVerification
    configuration.additionalTrustRoots = [.certificates([try certificateAuthority.nioCertificate()])]
    if let clientCertificate {
      configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(clientCertificate.certificatePEM.utf8))
        .map { .certificate($0) }
      configuration.privateKey = .privateKey(
        try NIOSSLPrivateKey(bytes: Array(clientCertificate.privateKeyPEM.utf8), format: .pem))
    }
    return configuration
  }

  // MARK: Downtime

  /// Whether the server is accepting connections.
  public var isUp: Bool { listener.withLock { $0.channel != nil } }

  /// Stops listening (new connections are refused) and closes open connections, as a node that
  /// went down. ``comeBack()`` listens again on the same port.
  public func goDown() async {
    let channel = listener.withLock { listener in
      defer { listener.channel = nil }
      return listener.channel
    }
    try? await channel?.close()
    await closeConnections()
  }

  /// Listens again on the same port after ``goDown()``; does nothing when up or shut down.
  public func comeBack() async throws {
    let proceed = listener.withLock { listener in
      guard !listener.shutDown, listener.channel == nil, !listener.binding else { return false }
      listener.binding = true
      return true
    }
    guard proceed else { return }
    let channel: any Channel
    do {
      channel = try await Self.bootstrap(core: core, sslContext: sslContext).bind(host: "127.0.0.1", port: port).get()
    } catch {
      listener.withLock { $0.binding = false }
      throw error
    }
    let keep = listener.withLock { listener in
      listener.binding = false
      guard !listener.shutDown else { return false }
      listener.channel = channel
      return true
    }
    if !keep { try? await channel.close() }
  }

  /// Goes down now and comes back on the same port after `duration` (without waiting for it).
  public func downtime(for duration: Duration) async {
    await goDown()
    let task = Task { [self] in
      try? await Task.sleep(for: duration)
      if Task.isCancelled { return }
      try? await comeBack()
    }
    let previous = listener.withLock { listener in
      defer { listener.scheduledComeBack = task }
      return listener.scheduledComeBack
    }
    previous?.cancel()
  }

  private func closeConnections() async {
    let open = core.connections.withLock { Array($0.values) }
    for connection in open { try? await connection.close() }
  }

  // MARK: Pipeline

  /// TLS, HTTP/1.1, wire byte counting, gzip request decoding, gzip answers, the bulk handler.
  private static func bootstrap(core: BulkServerCore, sslContext: NIOSSLContext?) -> ServerBootstrap {
    ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let id = ObjectIdentifier(channel)
          core.connections.withLock { $0[id] = channel }
          channel.closeFuture.whenComplete { _ in _ = core.connections.withLock { $0.removeValue(forKey: id) } }
          let pipeline = channel.pipeline.syncOperations
          if let sslContext { try pipeline.addHandler(NIOSSLServerHandler(context: sslContext)) }
          try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
          let tally = ConnectionTally()
          try pipeline.addHandler(WireByteCounter(tally: tally))
          try pipeline.addHandler(NIOHTTPRequestDecompressor(limit: .size(core.options.maxContentLength)))
          try pipeline.addHandler(
            HTTPResponseCompressor(responseCompressionPredicate: { _, supported in
              tally.responseCompressed = supported && tally.allowCompression
              return tally.responseCompressed ? .compressIfPossible : .doNotCompress
            }))
          try pipeline.addHandler(BulkServerChannelHandler(core: core, tally: tally))
        }
      }
  }
}
