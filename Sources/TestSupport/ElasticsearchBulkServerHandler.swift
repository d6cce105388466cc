import KSPMCore
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL

/// Per-connection facts the handlers share on the event loop: compressed body bytes (counted
/// before the decompressor), and whether the answer may be and was compressed.
final class ConnectionTally {
  var wireBytes = 0
  var allowCompression = true
  var responseCompressed = false
}

/// Counts body bytes as they arrive, before decompression.
final class WireByteCounter: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart

  private let tally: ConnectionTally

  init(tally: ConnectionTally) {
    self.tally = tally
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head: tally.wireBytes = 0
    case .body(let buffer): tally.wireBytes += buffer.readableBytes
    case .end: break
    }
    context.fireChannelRead(data)
  }
}

/// Reads requests (bodies already decompressed), applies faults, lets ``BulkServerCore``
/// answer, and writes the answers.
final class BulkServerChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  /// What to do once the request is read.
  private enum Plan {
    case answer(BulkServerResponse)
    case bulk(target: String?, number: Int, fault: PendingBulkFault?)
  }

  private struct InProgress {
    var head: HTTPRequestHead
    var record: RecordedBulkRequest
    var query: [(name: String, value: String)]
    var plan: Plan
    var body: ByteBuffer
    /// Set when the body is over the limit or not valid gzip; the body is then drained, not kept.
    var rejection: BulkServerResponse?
  }

  private let core: BulkServerCore
  private let tally: ConnectionTally
  private var request: InProgress?
  private var closing = false
  private var certificateName: String??

  init(core: BulkServerCore, tally: ConnectionTally) {
    self.core = core
    self.tally = tally
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !closing else { return }
    switch unwrapInboundIn(data) {
    case .head(let head):
      request = begin(head, context: context)
    case .body(var buffer):
      guard var current = request else { return }
      // Taken out while it grows, so the body buffer is not copied on write for every chunk.
      request = nil
      if case .bulk(_, _, .close(.midRequest)?) = current.plan {
        closeWithoutAnswer(current, outcome: .closedMidRequest, context: context)
        return
      }
      current.record.bodyBytes += buffer.readableBytes
      if current.rejection == nil, case .bulk = current.plan {
        if current.record.bodyBytes > core.options.maxContentLength {
          current.rejection = .contentTooLong(limit: core.options.maxContentLength)
          current.body = ByteBuffer()
        } else {
          current.body.writeBuffer(&buffer)
        }
      }
      request = current
    case .end:
      guard let current = request else { return }
      request = nil
      finish(current, context: context)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    let rejection: BulkServerResponse?
    switch error {
    case let decompression as NIOHTTPDecompression.DecompressionError where decompression == .limit:
      rejection = .contentTooLong(limit: core.options.maxContentLength)
    case is NIOHTTPDecompression.DecompressionError, is NIOHTTPDecompression.ExtraDecompressionError:
      rejection = BulkServerResponse(
        status: 400,
        error: ElasticsearchError(
          type: "illegal_argument_exception", reason: "the request body is not valid gzip data (\(error))"))
    default:
      rejection = nil
    }
    if var current = request, !closing, let rejection {
      // The decompressor goes on delivering the rest of the request; answer at its end.
      if current.rejection == nil {
        current.rejection = rejection
        current.body = ByteBuffer()
      }
      request = current
      return
    }
    closing = true
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    if let current = request, !closing {
      var record = current.record
      record.wireBytes = tally.wireBytes
      record.outcome = .abandoned
      core.record(record)
    }
    request = nil
    closing = true
    context.fireChannelInactive()
  }

  // MARK: Steps

  private func begin(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> InProgress {
    let (path, query) = BulkServerCore.splitURI(head.uri)
    let route = core.route(path)
    var record = RecordedBulkRequest(
      method: head.method.rawValue, path: path, endpoint: .other, query: query,
      headers: RecordedHeaders(head.headers.map { (name: $0.name, value: $0.value) }), principal: nil,
      clientCertificateCommonName: clientCertificateName(context: context), wireBytes: 0, bodyBytes: 0, actions: [],
      itemStatuses: [], status: 0, responseCompressed: false, outcome: .answered)
    switch route {
    case .root: record.endpoint = .root
    case .bulk(let target): record.endpoint = .bulk(target: target)
    case .unknown: break
    }
    switch core.authenticate(head.headers.first(name: "Authorization"), uri: head.uri) {
    case .failure(let unauthorized):
      return InProgress(head: head, record: record, query: query, plan: .answer(unauthorized), body: ByteBuffer())
    case .success(let principal):
      record.principal = principal
    }
    let next = plan(route, head: head)
    var body = ByteBuffer()
    if case .bulk = next { body = context.channel.allocator.buffer(capacity: 0) }
    return InProgress(head: head, record: record, query: query, plan: next, body: body)
  }

  /// What to do with an authenticated request.
  private func plan(_ route: BulkServerRoute, head: HTTPRequestHead) -> Plan {
    let method = head.method
    func wrongMethod(_ allowed: String) -> Plan {
      .answer(
        .plain(
          status: 405,
          "Incorrect HTTP method for uri [\(head.uri)] and method [\(method.rawValue)], allowed: [\(allowed)]"))
    }
    switch route {
    case .root where method == .GET || method == .HEAD:
      return .answer(core.rootResponse)
    case .root:
      return wrongMethod("HEAD, GET")
    case .bulk(let target) where method == .POST || method == .PUT:
      if let problem = BulkServerCore.contentTypeProblem(head.headers.first(name: "Content-Type")) {
        return .answer(problem)
      }
      let (number, fault) = core.beginBulkRequest()
      return .bulk(target: target, number: number, fault: fault)
    case .bulk:
      return wrongMethod("POST, PUT")
    case .unknown:
      return .answer(.plain(status: 400, "no handler found for uri [\(head.uri)] and method [\(method.rawValue)]"))
    }
  }

  private func finish(_ current: InProgress, context: ChannelHandlerContext) {
    var current = current
    current.record.wireBytes = tally.wireBytes
    guard case .bulk(let target, let number, let fault) = current.plan else {
      if case .answer(let response) = current.plan { respond(response, current, context: context) }
      return
    }
    if let rejection = current.rejection {
      respond(rejection, current, context: context)
      return
    }
    if fault == .close(.midRequest) {
      closeWithoutAnswer(current, outcome: .closedMidRequest, context: context)
      return
    }
    let body = current.body.readBytes(length: current.body.readableBytes) ?? []
    let processing = fault == nil || fault == .close(.afterProcessing)
    let result = core.processBulk(
      body: body, target: target, query: current.query, requestNumber: number, store: processing)
    current.record.actions = result.actions
    if processing { current.record.itemStatuses = result.response.status == 200 ? result.itemStatuses : [] }
    let delay = core.state.withLock { $0.responseDelay }
    let act = { [self] in
      switch fault {
      case .status(let status)?: respond(.injected(status: status), current, context: context)
      case .close(.afterRequest)?: closeWithoutAnswer(current, outcome: .closedAfterRequest, context: context)
      case .close(.afterProcessing)?: closeWithoutAnswer(current, outcome: .closedAfterProcessing, context: context)
      default: respond(result.response, current, context: context)
      }
    }
    if let delay, delay > .zero {
      context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { act() }
    } else {
      act()
    }
  }

  private func closeWithoutAnswer(
    _ current: InProgress, outcome: RecordedBulkRequest.Outcome, context: ChannelHandlerContext
  ) {
    var record = current.record
    record.wireBytes = tally.wireBytes
    record.status = 0
    record.outcome = outcome
    core.record(record)
    request = nil
    closing = true
    if context.channel.isActive { context.close(promise: nil) }
  }

  private func respond(_ response: BulkServerResponse, _ current: InProgress, context: ChannelHandlerContext) {
    let head = current.head
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "application/json")
    if response.status != 401 && response.status != 403 {
      headers.add(name: "X-Elastic-Product", value: "Elasticsearch")
    }
    for (name, value) in response.headers { headers.add(name: name, value: value) }
    let bytes = JSONWriter.serialize(response.body)
    headers.add(name: "Content-Length", value: String(bytes.count))
    let keepAlive = head.isKeepAlive
    if !keepAlive { headers.add(name: "Connection", value: "close") }
    var record = current.record
    record.status = response.status
    guard context.channel.isActive else {
      record.outcome = .abandoned
      core.record(record)
      return
    }
    tally.allowCompression = head.method != .HEAD
    tally.responseCompressed = false
    let responseHead = HTTPResponseHead(
      version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
    // The compressor decides (and tells the tally) when it sees the head; it holds everything back
    // until the end, so the request is in the log before the client can see the answer.
    context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
    record.responseCompressed = tally.responseCompressed
    core.record(record)
    if head.method != .HEAD {
      context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
    }
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
  }

  private func clientCertificateName(context: ChannelHandlerContext) -> String? {
    if let cached = certificateName { return cached }
    var name: String?
    if let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
      let certificate = handler.peerCertificate, let der = try? certificate.toDERBytes()
    {
      name = TestCertificateAuthority.identity(ofDER: der)?.user
    }
    certificateName = .some(name)
    return name
  }
}
