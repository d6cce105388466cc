import AsyncHTTPClient
import Foundation
import KSPMCore
import NIOCore
import TestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An answer from the test server as AsyncHTTPClient received it.
struct ESReply: Sendable {
  var status: Int
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  var json: JSONValue? { try? JSONParser.parse(body) }

  func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  func headerValues(_ name: String) -> [String] {
    headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
  }

  /// `items[i].<action>`.
  func item(_ position: Int, _ action: String = "create") -> JSONValue? {
    json?["items"]?.arrayValue?[position][action]
  }

  /// `items[*].<action>.status`.
  func itemStatuses(_ action: String = "create") -> [Int64] {
    json?["items"]?.arrayValue?.compactMap { $0[action]?["status"]?.intValue } ?? []
  }
}

/// Runs `body` with an AsyncHTTPClient client (configured by `configure`), shut down afterwards.
func withHTTPClient(
  _ configure: (inout HTTPClient.Configuration) throws -> Void = { _ in }, _ body: (HTTPClient) async throws -> Void
) async throws {
  var configuration = HTTPClient.Configuration()
  // Generous: a loaded 2-core machine can stall a whole test process for seconds; these only
  // bound a hung test.
  configuration.timeout = .init(connect: .seconds(30), read: .seconds(30))
  try configure(&configuration)
  let client = HTTPClient(configuration: configuration)
  do {
    try await body(client)
    try await client.shutdown()
  } catch {
    try? await client.shutdown()
    throw error
  }
}

/// Sends one request; `contentType` nil sends none.
func send(
  _ client: HTTPClient, _ url: String, method: String = "POST", body: [UInt8]? = nil,
  contentType: String? = "application/x-ndjson", headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)
) async throws -> ESReply {
  var request = HTTPClientRequest(url: url)
  request.method = .init(rawValue: method)
  if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
  for (name, value) in headers { request.headers.add(name: name, value: value) }
  if let body { request.body = .bytes(body) }
  let response = try await client.execute(request, timeout: timeout)
  var buffer = try await response.body.collect(upTo: 16 << 20)
  return ESReply(
    status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
    body: buffer.readBytes(length: buffer.readableBytes) ?? [])
}

/// NDJSON: each value on its own line, every line newline-terminated.
func ndjson(_ lines: [JSONValue]) -> [UInt8] {
  lines.flatMap { JSONWriter.serialize($0) + [UInt8(ascii: "\n")] }
}

let findingsStream = "logs-cloud_security_posture.findings-default"

/// `{"<action>":{"_index":…,"_id":…}}`.
func action(_ name: String = "create", index: String? = findingsStream, id: String? = nil) -> JSONValue {
  var metadata = JSONObject()
  if let index { metadata["_index"] = .string(index) }
  if let id { metadata["_id"] = .string(id) }
  return [name: .object(metadata)]
}

/// A finding-like document for the findings data stream.
func finding(_ number: Int, padding: String = "") -> JSONValue {
  [
    "@timestamp": "2025-01-30T12:34:56.789Z",
    "data_stream": ["type": "logs", "dataset": "cloud_security_posture.findings", "namespace": "default"],
    "event": ["dataset": "cloud_security_posture.findings"],
    "rule": ["id": .string("rule-\(number)")], "message": .string("finding \(number)\(padding)"),
  ]
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(2), _ condition: () -> Bool) async throws -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if condition() { return true }
    try await Task.sleep(for: .milliseconds(5))
  }
  return condition()
}

/// Plain TCP to 127.0.0.1 with short timeouts, for bytes no HTTP client would send.
enum RawTCP {
  struct Failure: Error, Equatable {
    var errno: Int32
  }

  /// Connects; throws the `errno` of a failed connect (e.g. `ECONNREFUSED`).
  static func connect(port: Int) throws -> Int32 {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw Failure(errno: errno) }
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        #if canImport(Glibc)
          Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        #else
          Darwin.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        #endif
      }
    }
    guard result == 0 else {
      let failure = Failure(errno: errno)
      close(fd)
      throw failure
    }
    return fd
  }

  /// Sends all of `bytes`.
  static func write(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
      if sent <= 0 { return }
      offset += sent
    }
  }

  /// Reads until the server closes the connection (or the read times out) or `marker` shows up.
  static func read(_ fd: Int32, untilContains marker: String? = nil) -> String {
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      received += chunk[0..<count]
      if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
    }
    return String(decoding: received, as: UTF8.self)
  }

  /// Connects, sends `bytes`, reads as ``read(_:untilContains:)`` does, closes.
  static func exchange(port: Int, _ bytes: [UInt8], untilContains marker: String? = nil) throws -> String {
    let fd = try connect(port: port)
    defer { close(fd) }
    write(fd, bytes)
    return read(fd, untilContains: marker)
  }
}
