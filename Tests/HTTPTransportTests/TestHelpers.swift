import AsyncHTTPClient
import Foundation
import HTTPTransport
import TestSupport

/// Runs `body` with a client from the factory and shuts the client down afterwards.
func withHTTPClient<Result: Sendable>(
  _ options: HTTPClientOptions, _ body: (HTTPClient) async throws -> Result
) async throws -> Result {
  let client = try makeHTTPClient(options)
  do {
    let result = try await body(client)
    try await client.shutdown()
    return result
  } catch {
    try? await client.shutdown()
    throw error
  }
}

/// The status of `GET url`, with a 10 s deadline.
func getStatus(_ client: HTTPClient, _ url: String) async throws -> Int {
  let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
  _ = try await response.body.collect(upTo: 1 << 20)
  return Int(response.status.code)
}

/// The status of `GET url` through a client with `tls`, or the error of the request.
func getStatus(_ url: String, tls: TLSClientConfig?, proxy: HTTPProxy? = nil) async throws -> Result<Int, any Error> {
  try await withHTTPClient(HTTPClientOptions(tls: tls, proxy: proxy)) { client in
    do {
      return .success(try await getStatus(client, url))
    } catch {
      return .failure(error)
    }
  }
}

/// The error `makeHTTPClient` throws for `tls`; `nil` (and the client shut down) when it builds one.
func setupError(_ tls: TLSClientConfig) async -> HTTPClientConfigurationError? {
  do {
    let client = try makeHTTPClient(HTTPClientOptions(tls: tls))
    try? await client.shutdown()
    return nil
  } catch {
    return error
  }
}

/// A file under the temporary directory holding `text`; removed by `removeTemporaryFiles`.
func temporaryFile(_ text: String, name: String = "file.pem") throws -> String {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kspm-http-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let path = directory.appendingPathComponent(name).path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

/// Removes the directory of a file made by `temporaryFile`.
func removeTemporaryFile(_ path: String) {
  try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// A TLS Elasticsearch test server's options.
func tlsServerOptions(
  requireClientCertificate: Bool = false, dnsNames: [String]? = nil
) -> ElasticsearchBulkServer.Options {
  var options = ElasticsearchBulkServer.Options(tls: true, requireClientCertificate: requireClientCertificate)
  options.certificateDNSNames = dnsNames
  return options
}

extension Result {
  var isSuccess: Bool {
    if case .success = self { return true }
    return false
  }

  /// The failure's text, empty on success.
  var failureText: String {
    if case .failure(let error) = self { return String(describing: error) }
    return ""
  }
}
