import Foundation
import KSPMCore

/// The EC2 instance metadata service, version 2: a session token from `PUT /latest/api/token`,
/// then GETs that carry it.
///
/// The token is kept until shortly before its TTL ends and fetched again after a 401. Each
/// request has the transport's short metadata timeout; a failed connection or a 5xx is tried
/// once more. IMDSv1 (GETs without a token) is never used.
public actor IMDSClient {
  /// `http://169.254.169.254`.
  public static let defaultEndpoint = "http://169.254.169.254"

  /// The endpoint without a trailing slash.
  public nonisolated let endpoint: String
  private let transport: AWSTransport
  private let tokenTTLSeconds: Int
  private var token: (value: String, expires: Date)?

  public init(transport: AWSTransport, endpoint: String = IMDSClient.defaultEndpoint, tokenTTLSeconds: Int = 21_600) {
    var endpoint = endpoint
    while endpoint.hasSuffix("/") { endpoint.removeLast() }
    self.endpoint = endpoint
    self.transport = transport
    self.tokenTTLSeconds = min(max(tokenTTLSeconds, 1), 21_600)
  }

  /// The endpoint the environment names (`AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the IPv6
  /// address with `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, else the default); `nil` when
  /// `AWS_EC2_METADATA_DISABLED` is `true`.
  public static func endpoint(environment: AWSEnvironment) -> String? {
    if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
    if let endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] { return endpoint }
    if environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6" { return "http://[fd00:ec2::254]" }
    return defaultEndpoint
  }

  /// The body of `GET <path>` (`/latest/meta-data/…`) as text.
  ///
  /// - Throws: ``AWSError`` (service `imds`): `.service` with code `HTTP <status>` for an
  ///   answer other than 200, `.connection` or `.timeout` without one.
  public func get(_ path: String) async throws -> String {
    var renewedToken = false
    var attempt = 0
    while true {
      attempt += 1
      let token = try await currentToken()
      do {
        let response = try await transport.metadata(
          "GET", url: endpoint + path, headers: [("X-aws-ec2-metadata-token", token)], service: "imds",
          operation: "GET \(path)")
        if response.status == 200 { return String(decoding: response.body, as: UTF8.self) }
        if response.status == 401, !renewedToken {
          renewedToken = true
          self.token = nil
          continue
        }
        let error = Self.statusError(response, operation: "GET \(path)")
        guard response.status >= 500, attempt < 2 else { throw error }
      } catch let error as AWSError where error.kind == .connection && attempt < 2 {
        continue
      }
    }
  }

  /// The instance identity document (`region`, `instanceId`, `accountId`, `availabilityZone`, …).
  public func instanceIdentityDocument() async throws -> JSONValue {
    let text = try await get("/latest/dynamic/instance-identity/document")
    guard let document = try? JSONParser.parse(text), document.objectValue != nil else {
      throw AWSError(
        kind: .invalidResponse, service: "imds", operation: "GET /latest/dynamic/instance-identity/document",
        message: "the instance identity document is not a JSON object")
    }
    return document
  }

  /// The instance's region, from its identity document.
  public func region() async throws -> String {
    guard let region = try await instanceIdentityDocument()["region"]?.stringValue, !region.isEmpty else {
      throw AWSError(
        kind: .invalidResponse, service: "imds", operation: "GET /latest/dynamic/instance-identity/document",
        message: "the instance identity document has no region")
    }
    return region
  }

  /// A valid session token, fetched when there is none or it is about to end.
  private func currentToken() async throws -> String {
    let now = transport.options.clock.now()
    if let token, token.expires > now { return token.value }
    var attempt = 0
    while true {
      attempt += 1
      do {
        let response = try await transport.metadata(
          "PUT", url: endpoint + "/latest/api/token",
          headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(tokenTTLSeconds))], service: "imds",
          operation: "PUT /latest/api/token")
        guard response.status == 200, !response.body.isEmpty else {
          let error = Self.statusError(response, operation: "PUT /latest/api/token")
          if response.status >= 500, attempt < 2 { continue }
          throw error
        }
        let value = String(decoding: response.body, as: UTF8.self)
        // Renew a minute early (at most halfway through a short TTL).
        let margin = min(60, Double(tokenTTLSeconds) / 2)
        token = (value, now.addingTimeInterval(Double(tokenTTLSeconds) - margin))
        return value
      } catch let error as AWSError where error.kind == .connection && attempt < 2 {
        continue
      }
    }
  }

  private static func statusError(_ response: AWSResponse, operation: String) -> AWSError {
    AWSError(
      kind: .service, service: "imds", operation: operation, code: "HTTP \(response.status)",
      message: AWSErrorDecoder.snippet(response.body), status: response.status)
  }
}
