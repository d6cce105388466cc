import KSPMCore

/// An HTTP server that answers requests with a script of responses, in order, then with a
/// fallback; it records every request (method, target, headers, body) for the test to check.
public final class ScriptedHTTPServer: TestServerLifetime {
  public typealias Request = LoopbackHTTPServer.Request
  public typealias Response = LoopbackHTTPServer.Response

  private struct Script {
    var pending: [Response]
    var fallback: Response
    var received: [Request] = []
  }

  private let server: LoopbackHTTPServer
  private let script: LockedValue<Script>

  /// `http://127.0.0.1:<port>`.
  public var url: String { server.url }
  public var port: Int { server.port }

  /// The requests received so far, in order.
  public var requests: [Request] { script.withLock { $0.received } }

  private init(server: LoopbackHTTPServer, script: LockedValue<Script>) {
    self.server = server
    self.script = script
  }

  /// Starts a server that answers with `responses`, then `fallback` (default 200 with no body).
  public static func start(_ responses: [Response], fallback: Response = Response(status: 200)) async throws
    -> ScriptedHTTPServer
  {
    let script = LockedValue(Script(pending: responses, fallback: fallback))
    let server = try await LoopbackHTTPServer.start { request in
      script.withLock { script in
        script.received.append(request)
        return script.pending.isEmpty ? script.fallback : script.pending.removeFirst()
      }
    }
    return ScriptedHTTPServer(server: server, script: script)
  }

  /// Runs `body` with a started server and shuts it down afterwards, also when `body` throws.
  public static func withServer<Result: Sendable>(
    _ responses: [Response], fallback: Response = Response(status: 200),
    _ body: (ScriptedHTTPServer) async throws -> Result
  ) async throws -> Result {
    try await start(responses, fallback: fallback).use(body)
  }

  /// Adds answers to the end of the script.
  public func enqueue(_ responses: [Response]) {
    script.withLock { $0.pending += responses }
  }

  public func shutdown() async {
    await server.shutdown()
  }
}
