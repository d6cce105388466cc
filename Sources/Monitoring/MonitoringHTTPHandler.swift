import KSPMCore
import NIOCore
import NIOHTTP1

/// Answers a connection's request with the router's response, then closes the connection.
/// Request bodies are ignored; a connection idle for long is closed.
final class MonitoringHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let router: MonitoringRouter
  private var head: HTTPRequestHead?

  init(router: MonitoringRouter) {
    self.router = router
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let request): head = request
    case .body: break
    case .end:
      guard let request = head else { return }
      head = nil
      write(
        router.respond(method: request.method.rawValue, uri: request.uri), version: request.version, context: context)
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if event is IdleStateHandler.IdleStateEvent {
      context.close(promise: nil)
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  private func write(_ response: MonitoringResponse, version: HTTPVersion, context: ChannelHandlerContext) {
    var body: [UInt8]
    var contentType = "application/json; charset=utf-8"
    if let text = response.text {
      body = Array(text.utf8)
      contentType = PrometheusMetrics.contentType
    } else {
      body = JSONWriter.serialize(response.body)
      body.append(UInt8(ascii: "\n"))
    }
    var headers = HTTPHeaders([
      ("Content-Type", contentType), ("Content-Length", "\(body.count)"),
      ("Connection", "close"),
    ])
    if !response.allow.isEmpty { headers.add(name: "Allow", value: response.allow.joined(separator: ", ")) }
    let head = HTTPResponseHead(
      version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
    let channel = context.channel
    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
  }
}
