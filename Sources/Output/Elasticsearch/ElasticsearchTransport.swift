import AsyncHTTPClient
import Foundation
import HTTPTransport
import KSPMCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// The outcome of one HTTP exchange with an Elasticsearch node.
enum ElasticsearchExchange: Sendable {
  /// The node answered with a status and a (decompressed) body.
  case response(status: Int, body: [UInt8])
  /// No answer: refused, reset, closed, TLS failure or timeout. The reason (without the host) is
  /// safe to log.
  case failed(String)
}

/// HTTP to Elasticsearch nodes: one connection pool (from ``makeHTTPClient(_:)``), authentication and
/// the headers libbeat sends.
final class ElasticsearchTransport: Sendable {
  let httpClient: HTTPClient
  let timeout: Duration
  let userAgent: String
  private let authorization: ConfigSecret?
  private let extraHeaders: [(name: String, value: ConfigSecret)]
  /// `&name=value…` for the bulk URL (`parameters`), already encoded.
  private let extraQuery: String
  /// Largest response body read (a bulk response for thousands of failed items fits easily).
  static let maxResponseBytes = 64 << 20

  init(config: ElasticsearchOutputConfig, userAgent: String) throws(OutputError) {
    do {
      // A refused connection is reported at once; the output's own backoff decides when to retry.
      httpClient = try makeHTTPClient(
        HTTPClientOptions(
          tls: config.tls, proxy: config.proxy, idleConnectionTimeout: config.idleConnectionTimeout,
          decompressionLimit: Self.maxResponseBytes, retryConnectionEstablishment: false))
    } catch {
      throw OutputError(error.description)
    }
    timeout = config.timeout
    self.userAgent = userAgent
    authorization = Self.authorization(config.auth)
    extraHeaders = config.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    extraQuery = config.parameters.sorted { $0.key < $1.key }.map {
      "&" + Self.queryEscape($0.key) + "=" + Self.queryEscape($0.value)
    }.joined()
  }

  /// Percent-encodes a query name or value.
  static func queryEscape(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  deinit {
    httpClient.shutdown { _ in }
  }

  func shutdown() async {
    try? await httpClient.shutdown()
  }

  /// The `Authorization` header value (a secret: never logged).
  static func authorization(_ auth: ElasticsearchAuth) -> ConfigSecret? {
    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    switch auth {
    case .none: return nil
    case .basic(let username, let password): return ConfigSecret("Basic " + base64("\(username):\(password.value)"))
    case .apiKey(let id, let key): return ConfigSecret("ApiKey " + base64("\(id):\(key.value)"))
    case .bearer(let token): return ConfigSecret("Bearer " + token.value)
    }
  }

  /// `GET /` on a node: its version when it is an Elasticsearch node that accepts our credentials.
  func ping(_ host: ElasticsearchHost) async throws -> Result<String, ElasticsearchNodeError> {
    var request = HTTPClientRequest(url: host.url + "/")
    request.method = .GET
    addCommonHeaders(&request.headers)
    switch try await exchange(request, host: host) {
    case .failed(let reason): return .failure(ElasticsearchNodeError(reason: reason, status: nil))
    case .response(let status, let body):
      guard status == 200 else {
        return .failure(ElasticsearchNodeError(reason: Self.statusReason(status, body: body), status: status))
      }
      guard let json = try? JSONParser.parse(body), let version = json[path: "version", "number"]?.stringValue else {
        return .failure(ElasticsearchNodeError(reason: "the answer to GET / is not Elasticsearch's", status: status))
      }
      return .success(version)
    }
  }

  /// `POST {host}/_bulk` with an NDJSON body, gzip'd when `compressionLevel` > 0.
  func bulk(_ host: ElasticsearchHost, body: [UInt8], compressionLevel: Int, scratch: inout [UInt8]) async throws -> (
    ElasticsearchExchange, sentBytes: Int
  ) {
    var request = HTTPClientRequest(
      url: host.url + "/_bulk?filter_path=errors,items.*.error,items.*.status" + extraQuery)
    request.method = .POST
    addCommonHeaders(&request.headers)
    request.headers.add(name: "Content-Type", value: "application/json; charset=UTF-8")
    request.headers.add(name: "X-Elastic-Uncompressed-Request-Length", value: String(body.count))
    let sent: Int
    if compressionLevel > 0 {
      do {
        try Gzip.compress(body, level: Int32(compressionLevel), into: &scratch)
      } catch {
        return (.failed("gzip failed: \(error)"), 0)
      }
      request.headers.add(name: "Content-Encoding", value: "gzip")
      request.body = .bytes(ByteBuffer(bytes: scratch))
      sent = scratch.count
    } else {
      request.body = .bytes(ByteBuffer(bytes: body))
      sent = body.count
    }
    return (try await exchange(request, host: host), sent)
  }

  private func addCommonHeaders(_ headers: inout HTTPHeaders) {
    headers.add(name: "Accept", value: "application/json")
    headers.add(name: "Accept-Encoding", value: "gzip")
    headers.add(name: "User-Agent", value: userAgent)
    headers.add(name: "X-Elastic-Product-Origin", value: "beats")
    if let authorization { headers.add(name: "Authorization", value: authorization.value) }
  }

  /// Sends a request; transport problems come back as `.failed`, cancellation is thrown.
  private func exchange(_ request: HTTPClientRequest, host: ElasticsearchHost) async throws -> ElasticsearchExchange {
    var request = request
    // The user's `headers` win over ours.
    for header in extraHeaders { request.headers.replaceOrAdd(name: header.name, value: header.value.value) }
    let deadline = NIODeadline.now() + Self.timeAmount(timeout)
    do {
      let response = try await httpClient.execute(request, deadline: deadline)
      var buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
      return .response(status: Int(response.status.code), body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    } catch let error as HTTPClientError {
      switch error {
      case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
        return .failed("timeout: no answer within \(DurationText.format(timeout))")
      case .cancelled where NIODeadline.now() >= deadline:
        return .failed("timeout: no answer within \(DurationText.format(timeout))")
      case .cancelled:
        throw CancellationError()
      default:
        return .failed(Self.describe(error))
      }
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      if Task.isCancelled { throw CancellationError() }
      return .failed(Self.describe(error))
    }
  }

  /// A short reason for a non-2xx answer: the status and Elasticsearch's error type/reason.
  static func statusReason(_ status: Int, body: [UInt8]) -> String {
    let json = try? JSONParser.parse(body)
    let error = json?["error"]
    let detail = error.map { BulkResponse.reason($0) }
    switch status {
    case 401: return "401 authentication failed" + (detail.map { " (\($0))" } ?? "")
    case 403: return "403 not authorized" + (detail.map { " (\($0))" } ?? "")
    default: return "\(status)" + (detail.map { " \($0)" } ?? "")
    }
  }

  /// A readable transport failure, with a hint for TLS trust problems.
  static func describe(_ error: any Error) -> String {
    let text = String(describing: error)
    if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
      return "TLS handshake failed: the server certificate is not trusted (set ssl.certificate_authorities "
        + "to the CA that signed it, and make sure it names this host)"
    }
    if let nio = error as? NIOSSLError { return "TLS failure: \(nio)" }
    for (needle, reason) in [
      ("connection refused", "connection refused"), ("connection reset", "connection reset"),
      ("broken pipe", "connection reset"), ("no route to host", "no route to host"),
      ("host is unreachable", "no route to host"), ("name or service not known", "unknown host"),
    ] where text.localizedCaseInsensitiveContains(needle) {
      return reason
    }
    if let io = error as? IOError { return io.description }
    if let http = error as? HTTPClientError {
      switch http {
      case .remoteConnectionClosed: return "the connection was closed before a response"
      case .proxyAuthenticationRequired: return "the proxy refused the credentials in proxy_url (407)"
      case .invalidProxyResponse: return "the proxy refused the tunnel to Elasticsearch"
      case .httpProxyHandshakeTimeout, .socksHandshakeTimeout: return "the proxy did not answer in time"
      case .connectTimeout: return "connect timeout"
      default: return "\(http)"
      }
    }
    return text
  }

  static func timeAmount(_ duration: Duration) -> TimeAmount {
    .nanoseconds(EqualJitterBackoff.nanoseconds(duration))
  }
}

/// A node that could not be used, and why.
struct ElasticsearchNodeError: Error, Sendable {
  var reason: String
  var status: Int?
}
