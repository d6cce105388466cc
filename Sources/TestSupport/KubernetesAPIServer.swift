import Foundation
import KSPMCore
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// A faithful-enough Kubernetes API server for tests, on SwiftNIO (HTTP/1.1), listening on
/// `127.0.0.1` with an ephemeral port.
///
/// - TLS by default, with a CA generated at run time (``certificateAuthority``) and a server
///   certificate for `127.0.0.1` and `localhost`; plain HTTP when `Options.tls` is false.
/// - Serves `/version`, discovery (`/api`, `/api/v1`, `/apis`, `/apis/<group>`,
///   `/apis/<group>/<version>`) for exactly the resources in `Options.resources` (no
///   PodSecurityPolicy unless asked), LIST (cluster-wide and namespaced, `limit`/`continue`,
///   `remainingItemCount`, `labelSelector` equality), GET, and POST/PUT/DELETE with
///   `resourceVersion` conflicts (409).
/// - Authenticates a bearer token (``rotateToken(to:)``) or a client certificate signed by the CA.
/// - Tests can expire continue tokens (410 Expired), inject faults, delay answers, forbid
///   resources (403), and read the request log.
public final class KubernetesAPIServer: TestServerLifetime {
  public struct Options: Sendable {
    public var tls: Bool
    /// `/version` `gitVersion`.
    public var gitVersion: String
    public var resources: [APIResourceDefinition]
    /// The bearer token accepted at start.
    public var token: String
    /// When false, unauthenticated requests are served too.
    public var requireAuthentication: Bool
    /// `metadata.uid` of the `kube-system` namespace (the cluster id).
    public var kubeSystemUID: String
    /// Seeds the `default`, `kube-system` and `kube-public` namespaces.
    public var seedSystemNamespaces: Bool

    public init(
      tls: Bool = true, gitVersion: String = "v1.32.2",
      resources: [APIResourceDefinition] = APIResourceDefinition.standard,
      token: String = "kspm-test-" + UUID().uuidString.lowercased(), requireAuthentication: Bool = true,
      kubeSystemUID: String = UUID().uuidString.lowercased(), seedSystemNamespaces: Bool = true
    ) {
      self.tls = tls
      self.gitVersion = gitVersion
      self.resources = resources
      self.token = token
      self.requireAuthentication = requireAuthentication
      self.kubeSystemUID = kubeSystemUID
      self.seedSystemNamespaces = seedSystemNamespaces
    }
  }

  public let options: Options
  public let port: Int
  /// `https://127.0.0.1:<port>` (or `http://`).
  public let url: String
  /// The CA that signed the server certificate; `nil` for plain HTTP.
  public let certificateAuthority: TestCertificateAuthority?
  let state: LockedValue<ServerState>
  private let channel: any Channel
  private let connections: LockedValue<[ObjectIdentifier: any Channel]>

  /// The CA certificate (PEM) clients must trust; `nil` for plain HTTP.
  public var caCertificatePEM: String? { certificateAuthority?.certificatePEM }
  public var kubeSystemUID: String { options.kubeSystemUID }

  private init(
    options: Options, port: Int, certificateAuthority: TestCertificateAuthority?, state: LockedValue<ServerState>,
    channel: any Channel, connections: LockedValue<[ObjectIdentifier: any Channel]>
  ) {
    self.options = options
    self.port = port
    self.url = (options.tls ? "https" : "http") + "://127.0.0.1:\(port)"
    self.certificateAuthority = certificateAuthority
    self.state = state
    self.channel = channel
    self.connections = connections
  }

  /// Starts a server; stop it with ``shutdown()``.
  public static func start(_ options: Options = Options()) async throws -> KubernetesAPIServer {
    var initial = ServerState(
      gitVersion: options.gitVersion, definitions: options.resources, token: options.token,
      requireAuthentication: options.requireAuthentication)
    if options.seedSystemNamespaces {
      for (name, uid) in [
        ("default", UUID().uuidString.lowercased()), ("kube-system", options.kubeSystemUID),
        ("kube-public", UUID().uuidString.lowercased()),
      ] {
        _ = try initial.seed([
          "apiVersion": "v1", "kind": "Namespace",
          "metadata": [
            "name": .string(name), "uid": .string(uid), "labels": ["kubernetes.io/metadata.name": .string(name)],
          ],
          "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
        ])
      }
    }
    let state = LockedValue(initial)
    let connections = LockedValue<[ObjectIdentifier: any Channel]>([:])

    var authority: TestCertificateAuthority?
    var sslContext: NIOSSLContext?
    if options.tls {
      let ca = try TestCertificateAuthority()
      let server = try ca.issueServerCertificate()
      var configuration = TLSConfiguration.makeServerConfiguration(
        certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(server.certificatePEM.utf8)).map {
          .certificate($0)
        },
        privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(server.privateKeyPEM.utf8), format: .pem)))
      // Client certificates are optional, but must be signed by the CA when presented.
      configuration.certificateVerification = .optionalVerification
      configuration.trustRoots = .certificates([try ca.nioCertificate()])
      sslContext = try NIOSSLContext(configuration: configuration)
      authority = ca
    }

    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { [sslContext] channel in
        channel.eventLoop.makeCompletedFuture {
          let id = ObjectIdentifier(channel)
          connections.withLock { $0[id] = channel }
          channel.closeFuture.whenComplete { _ in _ = connections.withLock { $0.removeValue(forKey: id) } }
          if let sslContext {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
          }
          // Without pipelining assistance the server keeps reading while an answer is delayed, as
          // Go's server does, so a client that gives up (TLS close_notify) is noticed at once.
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: false, withErrorHandling: true)
          // Like kube-apiserver's APIResponseCompression: gzip for clients that accept it.
          try channel.pipeline.syncOperations.addHandler(HTTPResponseCompressor())
          try channel.pipeline.syncOperations.addHandler(APIChannelHandler(state: state, tls: sslContext != nil))
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
    guard let port = channel.localAddress?.port else {
      try? await channel.close()
      throw ServerState.SeedError(description: "the test server has no local port")
    }
    state.withLock { $0.serverAddress = "127.0.0.1:\(port)" }
    return KubernetesAPIServer(
      options: options, port: port, certificateAuthority: authority, state: state, channel: channel,
      connections: connections)
  }

  /// Runs `body` with a started server and shuts it down afterwards, also when `body` throws.
  public static func withServer<Result: Sendable>(
    _ options: Options = Options(), _ body: (KubernetesAPIServer) async throws -> Result
  ) async throws -> Result {
    try await start(options).use(body)
  }

  /// Stops listening and closes open connections.
  public func shutdown() async {
    try? await channel.close()
    let open = connections.withLock { Array($0.values) }
    for connection in open { try? await connection.close() }
  }

  // MARK: Objects

  /// Stores objects (each with `apiVersion`, `kind`, `metadata.name`); fills in `uid`,
  /// `resourceVersion`, `creationTimestamp` and a `default` namespace when missing. Returns the
  /// stored objects.
  @discardableResult
  public func seed(_ objects: [JSONValue]) throws -> [JSONValue] {
    try state.withLock { state in try objects.map { try state.seed($0) } }
  }

  @discardableResult
  public func seed(_ object: JSONValue) throws -> JSONValue {
    try state.withLock { try $0.seed(object) }
  }

  /// The stored objects of a resource (with `apiVersion`/`kind`), in key order.
  public func objects(of resource: APIResourceDefinition) -> [JSONValue] {
    state.withLock { state in
      let store = state.objects[ServerState.storeKey(resource)] ?? [:]
      return store.keys.sorted().compactMap { store[$0].map { .object($0) } }
    }
  }

  /// Removes one object; returns whether it existed.
  @discardableResult
  public func remove(_ resource: APIResourceDefinition, namespace: String? = nil, name: String) -> Bool {
    state.withLock { state in
      state.resourceVersion += 1
      return state.objects[ServerState.storeKey(resource)]?.removeValue(
        forKey: ServerState.objectKey(namespace: resource.namespaced ? namespace ?? "default" : nil, name: name)) != nil
    }
  }

  // MARK: Auth

  /// The bearer token currently accepted.
  public var token: String { state.withLock { $0.token } }

  /// Accepts `newToken` from now on; the old token gets 401 Unauthorized.
  public func rotateToken(to newToken: String) {
    state.withLock { $0.token = newToken }
  }

  /// A client certificate signed by the server's CA; the server takes `commonName` as the user.
  public func issueClientCertificate(commonName: String, organization: String? = nil) throws -> PEMCredential {
    guard let certificateAuthority else {
      throw ServerState.SeedError(description: "client certificates need a TLS server")
    }
    return try certificateAuthority.issueClientCertificate(commonName: commonName, organization: organization)
  }

  /// Accepts `token` too, authenticating its requests as `user` (the main token's user is
  /// `system:serviceaccount:kspm:kspmbeat`). Lets tests run several clients that the server,
  /// its request log and ``partition(user:answer:)`` tell apart.
  public func addToken(_ token: String, user: String) {
    state.withLock { $0.extraTokens[token] = user }
  }

  /// Cuts `user` off: each of its requests is answered by `answer` without being processed
  /// (`.closeConnection`: the connection is closed; `.status`: that error; `.delay(d)`: no answer,
  /// the connection closed after `d`). ``heal(user:)`` ends it.
  public func partition(user: String, answer: InjectedFault = .closeConnection) {
    state.withLock { $0.partitions[user] = answer }
  }

  /// Ends a ``partition(user:answer:)``.
  public func heal(user: String) {
    state.withLock { _ = $0.partitions.removeValue(forKey: user) }
  }

  /// Answers every request for `resource` (plural name) with 403 Forbidden.
  public func forbid(resource: String) {
    state.withLock { _ = $0.forbiddenResources.insert(resource) }
  }

  // MARK: Faults

  /// Invalidates every continue token handed out so far: using one gives 410 Expired.
  public func expireContinueTokens() {
    state.withLock { $0.continueEpoch += 1 }
  }

  /// When true, every request with a continue token gets 410 Expired.
  public func setContinueTokensAlwaysExpire(_ value: Bool) {
    state.withLock { $0.continueTokensAlwaysExpire = value }
  }

  /// Applies `fault` to the next `count` requests whose path starts with `pathPrefix` (any path
  /// when `nil`).
  public func injectFault(_ fault: InjectedFault, count: Int = 1, pathPrefix: String? = nil) {
    state.withLock { $0.faults.append(.init(fault: fault, remaining: count, pathPrefix: pathPrefix)) }
  }

  /// Delays every answer by `delay` (`nil` for none).
  public func setResponseDelay(_ delay: Duration?) {
    state.withLock { $0.responseDelay = delay }
  }

  // MARK: Request log

  /// Every request so far, in order.
  public var requests: [RecordedRequest] { state.withLock { $0.log } }

  public func clearRequestLog() {
    state.withLock { $0.log.removeAll() }
  }

  // MARK: Kubeconfig

  /// How a generated kubeconfig authenticates.
  public enum KubeconfigCredentials: Sendable {
    /// `token:` with the server's current token.
    case currentToken
    case token(String)
    /// `tokenFile:` (written by the test).
    case tokenFile(String)
    /// `client-certificate-data` / `client-key-data`.
    case clientCertificate(PEMCredential)
    case none
  }

  /// How a generated kubeconfig trusts the server.
  public enum KubeconfigTrust: Sendable {
    /// `certificate-authority-data` with the server's CA.
    case embeddedCA
    /// `certificate-authority` naming a file (written by the test, e.g. with ``writeCACertificate(to:)``).
    case caFile(String)
    /// `certificate-authority-data` with another CA.
    case otherCA(String)
    /// `insecure-skip-tls-verify: true`.
    case insecureSkipVerify
    /// Nothing: the system trust store.
    case system
  }

  /// A kubeconfig (YAML) for this server with one cluster, user and context named `name`.
  public func kubeconfig(
    name: String = "kspm-test", trust: KubeconfigTrust = .embeddedCA,
    credentials: KubeconfigCredentials = .currentToken,
    namespace: String? = nil
  ) -> String {
    var lines = ["apiVersion: v1", "kind: Config", "clusters:", "- name: \(name)", "  cluster:", "    server: \(url)"]
    switch trust {
    case .embeddedCA:
      if let pem = caCertificatePEM { lines.append("    certificate-authority-data: \(Self.base64(pem))") }
    case .caFile(let path):
      lines.append("    certificate-authority: \(path)")
    case .otherCA(let pem):
      lines.append("    certificate-authority-data: \(Self.base64(pem))")
    case .insecureSkipVerify:
      lines.append("    insecure-skip-tls-verify: true")
    case .system:
      break
    }
    lines += ["users:", "- name: \(name)", "  user:"]
    switch credentials {
    case .currentToken: lines.append("    token: \(token)")
    case .token(let value): lines.append("    token: \(value)")
    case .tokenFile(let path): lines.append("    tokenFile: \(path)")
    case .clientCertificate(let credential):
      lines.append("    client-certificate-data: \(Self.base64(credential.certificatePEM))")
      lines.append("    client-key-data: \(Self.base64(credential.privateKeyPEM))")
    case .none: lines[lines.count - 1] = "  user: {}"
    }
    lines += ["contexts:", "- name: \(name)", "  context:", "    cluster: \(name)", "    user: \(name)"]
    if let namespace { lines.append("    namespace: \(namespace)") }
    lines.append("current-context: \(name)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes ``kubeconfig(name:trust:credentials:namespace:)`` to `path`.
  public func writeKubeconfig(
    to path: String, name: String = "kspm-test", trust: KubeconfigTrust = .embeddedCA,
    credentials: KubeconfigCredentials = .currentToken, namespace: String? = nil
  ) throws {
    let text = kubeconfig(name: name, trust: trust, credentials: credentials, namespace: namespace)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Writes the CA certificate (PEM) to `path`.
  public func writeCACertificate(to path: String) throws {
    try (caCertificatePEM ?? "").write(toFile: path, atomically: true, encoding: .utf8)
  }

  static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}

/// Reads HTTP requests, lets ``ServerState`` answer them, writes the answers.
final class APIChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let state: LockedValue<ServerState>
  private let tls: Bool
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  private var certificateUser: (user: String, groups: [String])??

  init(state: LockedValue<ServerState>, tls: Bool) {
    self.state = state
    self.tls = tls
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      self.head = head
      body = []
    case .body(var buffer):
      body += buffer.readBytes(length: buffer.readableBytes) ?? []
    case .end:
      guard let head else { return }
      self.head = nil
      let request = IncomingRequest(
        method: head.method.rawValue, uri: head.uri, authorization: head.headers.first(name: "Authorization"),
        accept: head.headers.first(name: "Accept"), acceptEncoding: head.headers.first(name: "Accept-Encoding"),
        userAgent: head.headers.first(name: "User-Agent"),
        impersonateUser: head.headers.first(name: "Impersonate-User"), body: body,
        certificateUser: peerIdentity(context: context))
      let reply = state.withLock { $0.handle(request) }
      if let delay = reply.delay {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
          if reply.close {
            context.close(promise: nil)
          } else {
            self.write(reply, for: head, context: context)
          }
        }
      } else if reply.close {
        context.close(promise: nil)
      } else {
        write(reply, for: head, context: context)
      }
    }
  }

  private func peerIdentity(context: ChannelHandlerContext) -> (user: String, groups: [String])? {
    if let cached = certificateUser { return cached }
    var identity: (user: String, groups: [String])?
    if tls, let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
      let certificate = handler.peerCertificate, let der = try? certificate.toDERBytes()
    {
      identity = TestCertificateAuthority.identity(ofDER: der)
    }
    certificateUser = .some(identity)
    return identity
  }

  private func write(_ reply: Reply, for head: HTTPRequestHead, context: ChannelHandlerContext) {
    guard context.channel.isActive else { return }
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: reply.contentType)
    headers.add(name: "Content-Length", value: String(reply.body.count))
    headers.add(name: "Cache-Control", value: "no-cache, private")
    let keepAlive = head.isKeepAlive
    if !keepAlive { headers.add(name: "Connection", value: "close") }
    let responseHead = HTTPResponseHead(
      version: head.version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
    context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
    if head.method != .HEAD {
      context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
    }
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
