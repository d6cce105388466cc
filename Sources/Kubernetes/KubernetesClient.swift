import AsyncHTTPClient
import Foundation
import HTTPTransport
import KSPMCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// A response of the API server: status code and parsed JSON body (`null` when empty).
public struct KubernetesResponse: Sendable {
  public var status: Int
  public var body: JSONValue
  public init(status: Int, body: JSONValue) {
    self.status = status
    self.body = body
  }
}

/// A Kubernetes API client over one AsyncHTTPClient `HTTPClient`.
///
/// - TLS is verified unless the configuration says `insecureSkipTLSVerify`; a configured CA is the
///   only trust root (as in client-go); client certificates come from the configuration.
/// - Each request has a deadline (``KubernetesClientConfiguration/requestTimeout``) and passes a
///   client-side token-bucket limiter (qps/burst).
/// - A token read from a file is re-read every `tokenRefreshInterval` and after a 401, after
///   which the request is retried once.
/// - Redirects are not followed (they could carry the bearer token elsewhere).
/// - A configured proxy (kubeconfig `proxy-url`) carries every request: an HTTP `CONNECT` tunnel
///   (TLS to the API server stays end to end) or SOCKS5.
///
/// Call ``shutdown()`` when done; a client that is released without it shuts its connections
/// down in the background.
public final class KubernetesClient: Sendable {
  public enum Method: String, Sendable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
  }

  public let configuration: KubernetesClientConfiguration
  let httpClient: HTTPClient
  /// `https://host:port[/prefix]` without a trailing slash.
  let baseURL: String
  let tokens: TokenProvider?
  let limiter: RateLimiter
  let logger: Logger

  /// Builds the client; fails when a certificate or key in the configuration is not valid PEM.
  public init(configuration: KubernetesClientConfiguration, logger: Logger = Logger(label: "kspmbeat.kubernetes"))
    throws(KubernetesConfigurationError)
  {
    self.configuration = configuration
    self.logger = logger
    var base = configuration.server
    while base.hasSuffix("/") { base.removeLast() }
    guard let components = URLComponents(string: base), let scheme = components.scheme,
      scheme == "https" || scheme == "http", components.host?.isEmpty == false
    else {
      throw KubernetesConfigurationError(
        "\(configuration.source): server \(configuration.server) is not an http(s) URL")
    }
    if components.user != nil || components.password != nil {
      throw KubernetesConfigurationError("\(configuration.source): the server URL must not contain credentials")
    }
    baseURL = base

    do {
      // Fail at once when the server refuses the connection or the handshake, instead of retrying
      // until the deadline: every cycle lists again anyway.
      httpClient = try makeHTTPClient(
        HTTPClientOptions(
          tls: configuration.tlsClientConfig, proxy: configuration.proxy,
          decompressionLimit: configuration.maxResponseBytes,
          retryConnectionEstablishment: false))
    } catch {
      throw KubernetesConfigurationError(configuration.source, error)
    }

    tokens = configuration.bearerToken.map {
      TokenProvider(source: $0, refreshInterval: configuration.tokenRefreshInterval)
    }
    limiter = RateLimiter(qps: configuration.qps, burst: configuration.burst)
  }

  deinit {
    httpClient.shutdown { _ in }
  }

  /// Closes the connections. The client cannot be used afterwards.
  public func shutdown() async throws {
    do {
      try await httpClient.shutdown()
    } catch let error as HTTPClientError where error == .alreadyShutdown {
      return
    }
  }

  /// Runs `body` with a client and shuts it down afterwards, also when `body` throws.
  public static func withClient<Result: Sendable>(
    configuration: KubernetesClientConfiguration, logger: Logger = Logger(label: "kspmbeat.kubernetes"),
    _ body: (KubernetesClient) async throws -> Result
  ) async throws -> Result {
    let client = try KubernetesClient(configuration: configuration, logger: logger)
    do {
      let result = try await body(client)
      try await client.shutdown()
      return result
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  // MARK: Requests

  /// Sends one request and returns the parsed response for a 2xx status.
  ///
  /// - Parameters:
  ///   - path: an absolute, already escaped API path (`/api/v1/namespaces/kube-system`).
  ///   - query: parameters, escaped here, sent in key order.
  ///   - body: sent as `application/json` (POST, PUT, PATCH).
  /// - Throws: ``KubernetesClientError``; `.status` for every non-2xx answer, with the `Status`
  ///   body's reason and message.
  public func request(
    _ method: Method = .get, path: String, query: [String: String] = [:], body: JSONValue? = nil
  ) async throws -> KubernetesResponse {
    let url = baseURL + path + Self.encode(query: query)
    let shownURL = baseURL + path + Self.encode(query: query, forDisplay: true)
    var retried = false
    while true {
      try await limiter.acquire()
      var request = HTTPClientRequest(url: url)
      request.method = HTTPMethod(rawValue: method.rawValue)
      request.headers.add(name: "Accept", value: "application/json")
      // Large lists come back gzip'd (kube-apiserver compresses responses over 128 KB).
      request.headers.add(name: "Accept-Encoding", value: "gzip")
      request.headers.add(name: "User-Agent", value: configuration.userAgent)
      if let tokens {
        let token = try await tokens.token()
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
      }
      if let user = configuration.impersonateUser {
        request.headers.add(name: "Impersonate-User", value: user)
      }
      for group in configuration.impersonateGroups {
        request.headers.add(name: "Impersonate-Group", value: group)
      }
      if let body {
        let bytes = JSONWriter.serialize(body)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: bytes))
      }
      let (status, bytes) = try await send(request, shownURL: shownURL)
      if status == 401, !retried, let tokens, tokens.canRefresh {
        // The token may have been rotated: read the file again and retry once.
        logger.debug("401 from the API server; re-reading the token file", metadata: ["url": "\(shownURL)"])
        await tokens.invalidate()
        retried = true
        continue
      }
      if (200..<300).contains(status) {
        if bytes.isEmpty { return KubernetesResponse(status: status, body: .null) }
        do {
          return KubernetesResponse(status: status, body: try JSONParser.parse(bytes))
        } catch {
          throw KubernetesClientError.invalidResponse(url: shownURL, message: "the body is not JSON (\(error))")
        }
      }
      throw Self.statusError(status: status, body: bytes, url: "\(method.rawValue) \(shownURL)")
    }
  }

  private func send(_ request: HTTPClientRequest, shownURL: String) async throws -> (Int, [UInt8]) {
    let timeout = configuration.requestTimeout
    let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
    let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
    let seconds = Double(nanoseconds) / 1e9
    do {
      let response = try await httpClient.execute(request, deadline: deadline, logger: logger)
      var buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
      let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
      return (Int(response.status.code), bytes)
    } catch let error as HTTPClientError {
      switch error {
      case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
        throw KubernetesClientError.timeout(url: shownURL, seconds: seconds)
      case .cancelled where NIODeadline.now() >= deadline:
        throw KubernetesClientError.timeout(url: shownURL, seconds: seconds)
      case .cancelled:
        throw CancellationError()
      default:
        throw KubernetesClientError.transport(url: shownURL, message: Self.describe(error))
      }
    } catch is NIOTooManyBytesError {
      throw KubernetesClientError.invalidResponse(
        url: shownURL, message: "the response is larger than \(configuration.maxResponseBytes) bytes")
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      throw KubernetesClientError.transport(url: shownURL, message: Self.describe(error))
    }
  }

  /// A readable reason for a transport failure, with a hint for TLS trust problems.
  static func describe(_ error: any Error) -> String {
    let text = String(describing: error)
    if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
      return "TLS handshake failed: the server certificate is not trusted (CERTIFICATE_VERIFY_FAILED: is it "
        + "signed by the configured certificate authority, and does it name this host?)"
    }
    if let nioSSL = error as? NIOSSLError {
      return "TLS failure: \(nioSSL)"
    }
    if text.contains("ECONNREFUSED") || text.lowercased().contains("connection refused") {
      return "connection refused [\(text)]"
    }
    if let http = error as? HTTPClientError {
      switch http {
      case .remoteConnectionClosed: return "the server closed the connection before answering"
      case .proxyAuthenticationRequired: return "the proxy refused the credentials in proxy-url (407)"
      case .invalidProxyResponse: return "the proxy refused the tunnel to the API server"
      case .httpProxyHandshakeTimeout, .socksHandshakeTimeout: return "the proxy did not answer in time"
      default: break
      }
    }
    return text
  }

  /// A `.status` error from the response body, which should be a Kubernetes `Status`.
  static func statusError(status: Int, body: [UInt8], url: String) -> KubernetesClientError {
    var reason = ""
    var message = ""
    if let parsed = try? JSONParser.parse(body), parsed["kind"]?.stringValue == "Status" {
      reason = parsed["reason"]?.stringValue ?? ""
      message = parsed["message"]?.stringValue ?? ""
    } else if !body.isEmpty {
      message = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if reason.isEmpty {
      reason = HTTPResponseStatus(statusCode: status).reasonPhrase.replacingOccurrences(of: " ", with: "")
    }
    return .status(code: status, reason: reason, message: message, url: url)
  }

  /// `?a=1&b=2` in key order; empty without parameters. For display, a `continue` token is
  /// shortened (it is long and says nothing to a reader).
  static func encode(query: [String: String], forDisplay: Bool = false) -> String {
    if query.isEmpty { return "" }
    let pairs = query.keys.sorted().map { key -> String in
      var value = query[key] ?? ""
      if forDisplay, key == "continue", value.count > 12 { value = String(value.prefix(8)) + "…" }
      return escape(key) + "=" + (forDisplay && key == "continue" ? value : escape(value))
    }
    return "?" + pairs.joined(separator: "&")
  }

  private static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

  static func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
  }
}
