import NIOCore
import NIOPosix

/// One plain HTTP/1.1 request with `Connection: close`, for test helpers that talk to a local
/// server outside the code under test (moto's control API, readiness probes).
public enum LoopbackHTTPClient {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Sends the request and returns the status and body of the answer.
  public static func request(
    host: String = "127.0.0.1", port: Int, method: String, path: String, headers: [(String, String)] = [],
    body: String = ""
  ) async throws -> (status: Int, body: String) {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(.seconds(5))
      .connect(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    let answer = try await channel.executeThenClose { inbound, outbound in
      try await outbound.write(ByteBuffer(string: text))
      var received = ByteBuffer()
      for try await chunk in inbound {
        received.writeImmutableBuffer(chunk)
        guard received.readableBytes < 8 << 20 else { break }
      }
      return String(buffer: received)
    }
    let statusLine = answer.prefix { $0 != "\r" && $0 != "\n" }
    let parts = statusLine.split(separator: " ")
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
      throw Failure(description: "\(host):\(port) did not answer HTTP (\(statusLine.prefix(60)))")
    }
    let body = answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) } ?? ""
    return (status, body)
  }
}
