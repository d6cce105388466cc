import AsyncHTTPClient
import Foundation
import HTTPTransport
import NIOCore
import NIOHTTP1

/// The HTTP side of every AWS call: one connection pool for AWS APIs (TLS verified, through the
/// configured proxy), one for the link-local metadata endpoints (IMDS, container credentials;
/// never proxied, short timeouts), endpoint rules, retry policy and clock.
///
/// One transport serves any number of ``AWSClient``s (regions, credentials). Call ``shutdown()``
/// when done; a transport released without it closes its connections in the background.
public final class AWSTransport: Sendable {
  public struct Options: Sendable {
    /// TLS and proxy of AWS API calls (`nil` TLS settings: the system's roots, fully verified).
    public var http: HTTPClientOptions
    public var endpoints: AWSEndpoints
    public var retry: AWSRetryPolicy
    /// The deadline of one attempt of an AWS API call.
    public var requestTimeout: Duration
    /// The deadline of one request to a metadata endpoint (IMDS answers in milliseconds).
    public var metadataTimeout: Duration
    /// Larger answers are an error.
    public var maxResponseBytes: Int
    public var userAgent: String
    public var clock: AWSClock

    public init(
      http: HTTPClientOptions = HTTPClientOptions(), endpoints: AWSEndpoints = AWSEndpoints(),
      retry: AWSRetryPolicy = AWSRetryPolicy(), requestTimeout: Duration = .seconds(30),
      metadataTimeout: Duration = .seconds(2), maxResponseBytes: Int = 64 << 20, userAgent: String = "kspmbeat",
      clock: AWSClock = .system
    ) {
      self.http = http
      self.endpoints = endpoints
      self.retry = retry
      self.requestTimeout = requestTimeout
      self.metadataTimeout = metadataTimeout
      self.maxResponseBytes = maxResponseBytes
      self.userAgent = userAgent
      self.clock = clock
    }
  }

  public let options: Options
  private let apiClient: HTTPClient
  private let metadataClient: HTTPClient

  /// Builds both connection pools; fails when a TLS setting cannot be used.
  public init(options: Options = Options()) throws(HTTPClientConfigurationError) {
    self.options = options
    apiClient = try makeHTTPClient(options.http)
    let metadata = HTTPClientOptions(connectTimeout: options.metadataTimeout)
    metadataClient = try makeHTTPClient(metadata)
  }

  deinit {
    apiClient.shutdown { _ in }
    metadataClient.shutdown { _ in }
  }

  /// Closes the connections; the transport cannot be used afterwards.
  public func shutdown() async throws {
    for client in [apiClient, metadataClient] {
      do {
        try await client.shutdown()
      } catch let error as HTTPClientError where error == .alreadyShutdown {
        continue
      }
    }
  }

  /// Sends a signed request once to `endpoint`. Transport failures are ``AWSError``s of kind
  /// `.connection` or `.timeout` naming `service` and `operation`.
  func send(_ request: AWSRequest, to endpoint: AWSEndpoint, service: String, operation: String) async throws
    -> AWSResponse
  {
    try await execute(
      apiClient, url: "\(endpoint.scheme)://\(endpoint.host)\(request.target)", request: request,
      timeout: options.requestTimeout, service: service, operation: operation)
  }

  /// One request to a metadata endpoint (`http://169.254.169.254/latest/api/token`).
  func metadata(
    _ method: String, url: String, headers: [(name: String, value: String)], service: String, operation: String
  ) async throws -> AWSResponse {
    let request = AWSRequest(method: method, host: "", headers: headers)
    return try await execute(
      metadataClient, url: url, request: request, timeout: options.metadataTimeout, service: service,
      operation: operation)
  }

  private func execute(
    _ client: HTTPClient, url: String, request: AWSRequest, timeout: Duration, service: String, operation: String
  ) async throws -> AWSResponse {
    var http = HTTPClientRequest(url: url)
    http.method = HTTPMethod(rawValue: request.method)
    for (name, value) in request.headers { http.headers.add(name: name, value: value) }
    if http.headers["User-Agent"].isEmpty { http.headers.add(name: "User-Agent", value: options.userAgent) }
    if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
      http.body = .bytes(ByteBuffer(bytes: request.body))
    }
    let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(timeout))
    func failure(_ kind: AWSError.Kind, _ message: String) -> AWSError {
      AWSError(kind: kind, service: service, operation: operation, message: message)
    }
    do {
      let response = try await client.execute(http, deadline: deadline)
      var buffer = try await response.body.collect(upTo: options.maxResponseBytes)
      return AWSResponse(
        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
        body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    } catch let error as HTTPClientError {
      switch error {
      case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
        throw failure(.timeout, "\(url) did not answer within \(timeout)")
      case .cancelled where NIODeadline.now() >= deadline:
        throw failure(.timeout, "\(url) did not answer within \(timeout)")
      case .cancelled:
        throw CancellationError()
      case .remoteConnectionClosed:
        throw failure(.connection, "\(url): the server closed the connection before answering")
      default:
        throw failure(.connection, "\(url): \(error)")
      }
    } catch is NIOTooManyBytesError {
      throw failure(.invalidResponse, "the answer is larger than \(options.maxResponseBytes) bytes")
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      throw failure(.connection, "\(url): \(error)")
    }
  }

  private static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
