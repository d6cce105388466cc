import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The endpoint's listening socket, TCP or Unix, answering with a ``MonitoringRouter``.
final class MonitoringServer: Sendable {
  let endpoint: MonitoringEndpoint
  let channel: any Channel

  private init(endpoint: MonitoringEndpoint, channel: any Channel) {
    self.endpoint = endpoint
    self.channel = channel
  }

  /// Listens on `endpoint`. A stale Unix socket file is replaced; a path that exists and is not a
  /// socket, a missing folder or a port in use is a ``MonitoringBindError``.
  static func start(_ endpoint: MonitoringEndpoint, router: MonitoringRouter) async throws(MonitoringBindError)
    -> MonitoringServer
  {
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 64)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(10)))
          try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
          try pipeline.addHandler(MonitoringHTTPHandler(router: router))
        }
      }
    do {
      switch endpoint {
      case .tcp(let host, let port):
        return MonitoringServer(endpoint: endpoint, channel: try await bootstrap.bind(host: host, port: port).get())
      case .unixSocket(let path):
        let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        return MonitoringServer(endpoint: endpoint, channel: channel)
      }
    } catch {
      throw MonitoringBindError(endpoint: endpoint, underlying: error)
    }
  }

  /// What it listens on: `127.0.0.1:41234` (the port chosen when 0 was asked) or the socket.
  var address: String {
    guard case .tcp = endpoint, let local = channel.localAddress, let ip = local.ipAddress, let port = local.port
    else { return endpoint.description }
    return MonitoringEndpoint.tcp(host: ip, port: port).description
  }

  /// Serves until the task is cancelled, then closes the socket (NIO removes a Unix socket's file).
  func serve() async {
    let channel = self.channel
    await withTaskCancellationHandler {
      try? await channel.closeFuture.get()
    } onCancel: {
      channel.close(promise: nil)
    }
    try? await channel.close()
  }
}

/// The endpoint could not listen: which settings, and why.
public struct MonitoringBindError: Error, Sendable, CustomStringConvertible {
  public var endpoint: MonitoringEndpoint
  public var reason: String

  init(endpoint: MonitoringEndpoint, underlying: any Error) {
    self.endpoint = endpoint
    switch underlying {
    case let error as IOError: reason = String(cString: strerror(error.errnoCode))
    case is UnixDomainSocketPathWrongType: reason = "the path exists and is not a socket"
    default: reason = "\(underlying)"
    }
  }

  public var description: String { "monitoring endpoint: cannot listen on \(endpoint.settingsText): \(reason)" }
}
