import AsyncHTTPClient
import Beat
import Foundation
import KSPMCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Output

/// One answer of the monitoring endpoint.
struct EndpointAnswer: Sendable {
  var status: Int
  var body: JSONValue
  var headers: HTTPHeaders
}

/// Sends one request to the monitoring endpoint (`http://host:port/path`, or a socket's
/// `http+unix://` URL).
func askEndpoint(_ url: String, method: HTTPMethod = .GET, timeout: TimeAmount = .seconds(10)) async throws
  -> EndpointAnswer
{
  var request = HTTPClientRequest(url: url)
  request.method = method
  let response = try await HTTPClient.shared.execute(request, timeout: timeout)
  let body = try await response.body.collect(upTo: 1 << 20)
  return EndpointAnswer(
    status: Int(response.status.code), body: try JSONParser.parse(String(buffer: body)), headers: response.headers)
}

/// The URL of `path` on a Unix socket endpoint.
func socketURL(_ socket: String, _ path: String) -> String {
  URL(httpURLWithSocketPath: socket, uri: path)!.absoluteString
}

/// The addresses of the `monitoring endpoint listening` log lines, in order.
func listeningAddresses(_ lines: LineSink) -> [String] {
  lines.all.compactMap { try? JSONParser.parse($0) }.filter { $0["message"] == "monitoring endpoint listening" }
    .compactMap { $0[path: "kspmbeat", "http.address"]?.stringValue }
}

/// A daemon configuration: the control-plane manifests under `hostRoot`, no API server, a file
/// output in `folder`, and `http` as the monitoring settings. The first cycle starts 2 ×
/// `retryPeriod` after the start (`renewDeadline` and `leaseDuration` must stay above it).
func monitoredConfig(
  folder: URL, hostRoot: URL, http: String, retryPeriod: String = "100ms", renewDeadline: String = "2s",
  leaseDuration: String = "4s"
) throws -> KSPMBeatConfig {
  try KSPMBeatConfig.parse(
    text: """
      kspmbeat:
        period: 10m
        host_root: \(hostRoot.path)
        kube_config: \(folder.path)/none
        leader_election: {identity: solo, retry_period: \(retryPeriod), renew_deadline: \(renewDeadline), lease_duration: \(leaseDuration)}
      output.file: {path: \(folder.path)/out, filename: findings}
      http: \(http)
      """, environment: [:]
  ).config
}

/// A TCP listener on a free loopback port, for tests that need the port taken.
func occupyPort() async throws -> (port: Int, channel: any Channel) {
  let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .bind(host: "127.0.0.1", port: 0).get()
  return (channel.localAddress?.port ?? 0, channel)
}

/// Whether a socket file is at `path` (FileManager does not tell sockets).
func socketExists(at path: String) -> Bool {
  var status = stat()
  return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK
}

/// Leaves a socket file at `path` that nobody listens on, as a killed process does (NIO removes
/// its own on close, so this binds one with the system calls).
func leaveStaleSocket(at path: String) throws {
  let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(descriptor) }
  var address = sockaddr_un()
  address.sun_family = sa_family_t(AF_UNIX)
  withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8.prefix($0.count - 1)) }
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
    }
  }
  guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
}

/// An output that refuses every write, as a full disk would.
struct RefusingOutput: FindingOutput {
  func write(_ documents: [FindingDocument]) async throws { throw OutputError("the disk is full") }
  func close() async throws {}
}
