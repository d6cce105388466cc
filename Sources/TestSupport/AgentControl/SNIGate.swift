import NIOCore
import NIOPosix
import NIOTLS
import Synchronization

/// A TCP front for the control server that reads the TLS ClientHello's server name, as the agent's
/// server picks its certificate by SNI: connections naming anything but `serverName` are closed;
/// the others are relayed byte for byte to the TLS gRPC server behind.
final class SNIGate: Sendable {
  let channel: any Channel
  private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

  /// Listens on 127.0.0.1:`port` (0: a ``RestartablePort``) and relays to 127.0.0.1:`backendPort`.
  static func start(
    port: Int, serverName: String, backendPort: Int, onReject: @escaping @Sendable (String?) -> Void
  ) async throws -> SNIGate {
    let gate = SNIGateBox()
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        gate.value?.track(child)
        let handler = SNIHandler { result in
          var name: String?
          if case .hostname(let hostname) = result { name = hostname }
          guard name == serverName else {
            onReject(name)
            child.close(promise: nil)
            return child.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
          }
          return ClientBootstrap(group: child.eventLoop).connect(host: "127.0.0.1", port: backendPort).flatMap {
            backend in
            gate.value?.track(backend)
            return backend.pipeline.addHandler(ByteRelay(partner: child)).flatMap {
              child.pipeline.addHandler(ByteRelay(partner: backend))
            }
          }
        }
        return child.pipeline.addHandler(ByteToMessageHandler(handler))
      }
    let channel =
      port == 0
      ? try await RestartablePort.bind { try await bootstrap.bind(host: "127.0.0.1", port: $0).get() }
      : try await bootstrap.bind(host: "127.0.0.1", port: port).get()
    let result = SNIGate(channel: channel)
    gate.value = result
    return result
  }

  private init(channel: any Channel) {
    self.channel = channel
  }

  var port: Int { channel.localAddress?.port ?? 0 }

  private func track(_ child: any Channel) {
    let id = ObjectIdentifier(child)
    connections.withLock { $0[id] = child }
    child.closeFuture.whenComplete { _ in _ = self.connections.withLock { $0.removeValue(forKey: id) } }
  }

  /// Stops listening and closes every relayed connection.
  func close() async {
    try? await channel.close()
    for child in connections.withLock({ Array($0.values) }) { try? await child.close() }
  }
}

/// Lets the child initializer reach the gate created after binding.
private final class SNIGateBox: @unchecked Sendable {
  private let lock = Mutex<SNIGate?>(nil)
  var value: SNIGate? {
    get { lock.withLock { $0 } }
    set { lock.withLock { $0 = newValue } }
  }
}

/// Writes what one channel reads to its partner, and closes the partner when it closes.
private final class ByteRelay: ChannelInboundHandler, Sendable {
  typealias InboundIn = ByteBuffer
  let partner: any Channel

  init(partner: any Channel) {
    self.partner = partner
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    partner.close(promise: nil)
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
