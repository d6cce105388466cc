import Foundation
import KSPMCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP `CONNECT` proxy (what a corporate forward proxy does for HTTPS, and what
/// AsyncHTTPClient uses for every proxied request): it answers `CONNECT host:port` with 200 and then
/// relays bytes both ways. It can demand `Proxy-Authorization` (407 otherwise) and records every
/// `CONNECT` it was asked for.
public final class ConnectProxyServer: Sendable {
  /// One `CONNECT` the proxy received.
  public struct Tunnel: Sendable, Equatable {
    /// `host:port` as asked.
    public var target: String
    /// The `Proxy-Authorization` header, if any.
    public var proxyAuthorization: String?
    /// The status the proxy answered with (200, 407, 502).
    public var status: Int
  }

  public let port: Int
  private let channel: any Channel
  private let log: LockedValue<[Tunnel]>

  /// The `CONNECT`s so far.
  public var tunnels: [Tunnel] { log.withLock { $0 } }

  private init(port: Int, channel: any Channel, log: LockedValue<[Tunnel]>) {
    self.port = port
    self.channel = channel
    self.log = log
  }

  /// Starts on 127.0.0.1; with `requiredAuthorization` (a whole header value such as
  /// `Basic dTpw`) other `CONNECT`s get 407.
  public static func start(requiredAuthorization: String? = nil) async throws -> ConnectProxyServer {
    let log = LockedValue<[Tunnel]>([])
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          try pipeline.addHandler(
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)), name: "decoder")
          try pipeline.addHandler(HTTPResponseEncoder(), name: "encoder")
          try pipeline.addHandler(
            ConnectHandler(requiredAuthorization: requiredAuthorization, log: log), name: "connect")
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
    return ConnectProxyServer(port: channel.localAddress?.port ?? 0, channel: channel, log: log)
  }

  public func shutdown() async {
    try? await channel.close()
  }
}

/// Answers the `CONNECT`, then turns the connection into a relay.
private final class ConnectHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let requiredAuthorization: String?
  let log: LockedValue<[ConnectProxyServer.Tunnel]>
  private var head: HTTPRequestHead?

  init(requiredAuthorization: String?, log: LockedValue<[ConnectProxyServer.Tunnel]>) {
    self.requiredAuthorization = requiredAuthorization
    self.log = log
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head): self.head = head
    case .body: break
    case .end:
      guard let head else { return }
      self.head = nil
      handle(head, context: context)
    }
  }

  private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
    let authorization = head.headers.first(name: "Proxy-Authorization")
    func record(_ status: Int) {
      log.withLock {
        $0.append(.init(target: head.uri, proxyAuthorization: authorization, status: status))
      }
    }
    guard head.method == .CONNECT, let colon = head.uri.lastIndex(of: ":"),
      let port = Int(head.uri[head.uri.index(after: colon)...])
    else {
      record(405)
      respond(.methodNotAllowed, context: context, close: true)
      return
    }
    if let requiredAuthorization, authorization != requiredAuthorization {
      record(407)
      respond(
        .proxyAuthenticationRequired, headers: ["Proxy-Authenticate": "Basic realm=\"proxy\""], context: context,
        close: true)
      return
    }
    let host = String(head.uri[..<colon])
    let inbound = context.channel
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    ClientBootstrap(group: context.eventLoop).connect(host: host, port: port).whenComplete { result in
      let (handler, context) = bound.value
      switch result {
      case .failure:
        record(502)
        handler.respond(.badGateway, context: context, close: true)
      case .success(let outbound):
        record(200)
        handler.respond(.ok, context: context, close: false)
        do {
          let pipeline = context.pipeline.syncOperations
          try pipeline.removeHandler(name: "encoder").whenComplete { _ in }
          try outbound.pipeline.syncOperations.addHandler(Relay(peer: inbound))
          try pipeline.addHandler(Relay(peer: outbound))
          try pipeline.removeHandler(name: "connect").whenComplete { _ in }
          try pipeline.removeHandler(name: "decoder").whenComplete { _ in }
        } catch {
          outbound.close(promise: nil)
          inbound.close(promise: nil)
        }
      }
    }
  }

  private func respond(
    _ status: HTTPResponseStatus, headers: HTTPHeaders = [:], context: ChannelHandlerContext, close: Bool
  ) {
    var headers = headers
    if status != .ok { headers.add(name: "Content-Length", value: "0") }
    context.write(
      wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
    let done = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
    if close {
      let channel = context.channel
      done.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
  }
}

/// Writes what one side reads to the other; closing either closes both.
private final class Relay: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  let peer: any Channel

  init(peer: any Channel) { self.peer = peer }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    peer.close(promise: nil)
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
