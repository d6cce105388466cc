import Foundation
import KSPMCore
import NIOPosix

/// moto's server (`moto_server`, PyPI `moto[server]`): a local AWS that the tests run against.
///
/// ``start()`` launches `moto_server -H 127.0.0.1 -p <free port>` under a small watchdog shell
/// (which also stops moto when the test process ends without ``shutdown()``), waits until it
/// answers, and fails with a clear error when `moto_server` is not on the `PATH` or does not
/// come up; ``shutdown()`` stops it (SIGTERM to the watchdog's pid) and waits.
/// ``withShared(_:)`` hands tests one server in turn, reset between them.
public final class MotoServer: TestServerLifetime {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  public let port: Int
  /// `http://127.0.0.1:<port>`.
  public var url: String { "http://127.0.0.1:\(port)" }
  private let process: UnmaskedProcess
  private let logFile: URL

  private init(port: Int, process: UnmaskedProcess, logFile: URL) {
    self.port = port
    self.process = process
    self.logFile = logFile
  }

  /// Starts a fresh moto server (its own state: nothing from other tests).
  public static func start() async throws -> MotoServer {
    let executable = try executablePath()
    var lastFailure: any Error = Failure(description: "moto_server did not start")
    // A port found free can be taken by someone else before moto binds it: try a few.
    for _ in 0..<3 {
      let port = try await freePort()
      let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString).log")
      let process = try UnmaskedProcess.spawn(
        "/bin/sh",
        arguments: [
          "-c", watchdogScript, "moto-watchdog", executable, String(port),
          String(ProcessInfo.processInfo.processIdentifier),
        ], outputFile: logFile.path)
      let server = MotoServer(port: port, process: process, logFile: logFile)
      do {
        try await server.waitUntilReady()
        return server
      } catch {
        lastFailure = error
        await server.shutdown()
      }
    }
    throw lastFailure
  }

  /// Runs `body` with a started server and stops it afterwards, also when `body` throws.
  public static func withServer<Result: Sendable>(_ body: (MotoServer) async throws -> Result) async throws -> Result {
    try await start().use(body)
  }

  /// Turns signature checking on (`POST /moto-api/reset-auth` with `0`): from now on unknown
  /// access keys and wrong signatures are refused (STS, IAM, ECR, ELB; not EKS).
  public func enableSignatureChecking() async throws {
    try await setAuth("0")
  }

  /// Forgets every resource (`POST /moto-api/reset`) and turns signature checking off again.
  public func reset() async throws {
    let answer = try await LoopbackHTTPClient.request(port: port, method: "POST", path: "/moto-api/reset")
    guard answer.status == 200 else {
      throw Failure(description: "moto refused to reset: HTTP \(answer.status) \(answer.body.prefix(200))")
    }
    try await setAuth("inf")
  }

  /// Turns signature checking off (moto's default): any key and signature are accepted.
  public func disableSignatureChecking() async throws {
    try await setAuth("inf")
  }

  /// `POST /moto-api/reset-auth` with `count`: the number of requests still let through unchecked.
  private func setAuth(_ count: String) async throws {
    let answer = try await LoopbackHTTPClient.request(
      port: port, method: "POST", path: "/moto-api/reset-auth", headers: [("Content-Type", "text/plain")],
      body: count)
    guard answer.status == 200 else {
      throw Failure(description: "moto refused reset-auth \(count): HTTP \(answer.status) \(answer.body.prefix(200))")
    }
  }

  /// Whether the server process still runs.
  public var isRunning: Bool { process.isRunning }

  /// Stops the process (SIGTERM to the watchdog's pid, which stops moto; SIGKILL after 5 s) and
  /// waits for it.
  public func shutdown() async {
    process.send(SIGTERM)
    for _ in 0..<50 where process.isRunning {
      try? await Task.sleep(for: .milliseconds(100))
    }
    process.send(SIGKILL)
    try? FileManager.default.removeItem(at: logFile)
  }

  // MARK: Starting

  /// Runs moto (`$1 -H 127.0.0.1 -p $2`) and stops it on SIGTERM, when it exits, or when the
  /// test process (`$3`) is gone.
  private static let watchdogScript = """
    "$1" -H 127.0.0.1 -p "$2" &
    moto=$!
    trap 'kill $moto 2>/dev/null; wait $moto; exit 0' TERM INT
    while kill -0 "$3" 2>/dev/null && kill -0 $moto 2>/dev/null; do sleep 1 & wait $!; done
    kill $moto 2>/dev/null
    wait $moto
    """

  /// `moto_server` in a folder of `searchPath` (default: this process's `PATH`), or an error
  /// that says how to install it.
  public static func executablePath(searchPath: String? = nil) throws -> String {
    let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/moto_server"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw Failure(
      description: "moto_server is not on the PATH: the AWS tests need moto's server; install it with "
        + "pip install 'moto[server]' (.ci/run does)")
  }

  /// Polls until moto answers HTTP (about a second), or fails with its log.
  private func waitUntilReady() async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
      guard process.isRunning else {
        throw Failure(description: "moto_server exited (wait status \(process.terminationStatus ?? 0)): \(logTail())")
      }
      if let answer = try? await LoopbackHTTPClient.request(port: port, method: "GET", path: "/moto-api/"),
        answer.status < 500
      {
        return
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    throw Failure(description: "moto_server did not answer on port \(port) within 60 s: \(logTail())")
  }

  private func logTail() -> String {
    let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    return String(text.suffix(800))
  }

  /// A TCP port nobody listens on right now.
  /// A port for moto outside the kernel's ephemeral range (32768–60999 here): test servers
  /// bind port 0 and connections take their local ports from that range, so a port handed to
  /// moto there could be one another test has just released and binds again (a server's
  /// "downtime" test) or is about to be given; moto would then answer in its place.
  static let portRange = RestartablePort.motoRange

  private static func freePort() async throws -> Int {
    for _ in 0..<50 {
      let port = Int.random(in: portRange)
      guard
        let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
          .bind(host: "127.0.0.1", port: port).get()
      else { continue }
      try await channel.close()
      return port
    }
    throw Failure(description: "no free port in \(portRange)")
  }

}
