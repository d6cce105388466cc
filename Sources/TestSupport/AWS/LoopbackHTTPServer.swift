import KSPMCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// A plain HTTP/1.1 server on `127.0.0.1` (ephemeral port) that answers every request with
/// what a handler returns: the base of small protocol doubles (IMDS, container credentials,
/// scripted AWS answers).
public final class LoopbackHTTPServer: TestServerLifetime {
  /// A request as received.
  public struct Request: Sendable {
    public var method: String
    /// The request target: path and query, as sent.
    public var uri: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The target without its query.
    public var path: String { String(uri.prefix { $0 != "?" }) }

    /// The first value of `name` (any case).
    public func header(_ name: String) -> String? {
      let wanted = name.lowercased()
      return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
  }

  /// An answer, or a connection closed without one.
  public struct Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Close the connection instead of answering.
    public var dropConnection: Bool

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
      self.status = status
      self.headers = headers
      self.body = body
      dropConnection = false
    }

    public init(status: Int, headers: [(name: String, value: String)] = [], text: String) {
      self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Closes the connection without an answer.
    public static let drop: Response = {
      var response = Response(status: 0)
      response.dropConnection = true
      return response
    }()
  }

  public let port: Int
  /// `http://127.0.0.1:<port>`.
  public var url: String { "http://127.0.0.1:\(port)" }
  private let channel: any Channel
  private let connections: LockedValue<[ObjectIdentifier: any Channel]>

  private init(port: Int, channel: any Channel, connections: LockedValue<[ObjectIdentifier: any Channel]>) {
    self.port = port
    self.channel = channel
    self.connections = connections
  }

  /// Starts listening; `handler` runs on an event loop for every complete request.
  public static func start(handler: @escaping @Sendable (Request) -> Response) async throws -> LoopbackHTTPServer {
    let connections = LockedValue<[ObjectIdentifier: any Channel]>([:])
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let id = ObjectIdentifier(channel)
          connections.withLock { $0[id] = channel }
          channel.closeFuture.whenComplete { _ in _ = connections.withLock { $0.removeValue(forKey: id) } }
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(LoopbackHandler(handler: handler))
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
    return LoopbackHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel, connections: connections)
  }

  public func shutdown() async {
    try? await channel.close()
    for connection in connections.withLock({ Array($0.values) }) { try? await connection.close() }
  }
}

/// Collects one request at a time and writes the handler's answer.
private final class LoopbackHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let handler: @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []

  init(handler: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response) {
    self.handler = handler
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
      let request = LoopbackHTTPServer.Request(
        method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
      respond(handler(request), keepAlive: head.isKeepAlive, context: context)
    }
  }

  private func respond(_ response: LoopbackHTTPServer.Response, keepAlive: Bool, context: ChannelHandlerContext) {
    if response.dropConnection {
      context.close(promise: nil)
      return
    }
    var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
    if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
    let head = HTTPResponseHead(
      version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
      done.whenComplete { _ in loopBound.value.close(promise: nil) }
    }
  }
}
