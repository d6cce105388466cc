import Foundation
import KSPMCore

/// An EC2 instance metadata service (IMDSv2) and a container credentials endpoint (EKS Pod
/// Identity / ECS) on loopback, with their token rules:
///
/// - `PUT /latest/api/token` needs `X-aws-ec2-metadata-token-ttl-seconds` between 1 and 21600
///   (else 400) and no `X-Forwarded-For` (else 403); it answers a session token valid for that
///   many seconds.
/// - Every `GET /latest/…` needs a valid, unexpired `X-aws-ec2-metadata-token` (else 401):
///   `meta-data/iam/security-credentials/` (the role name, 404 without a role),
///   `meta-data/iam/security-credentials/<role>` (credentials JSON) and
///   `dynamic/instance-identity/document` (region, instance and account ids),
///   `meta-data/tags/instance/<key>` (the instance's tags; 404 for every tag path when tags
///   are not exposed in metadata, as by default on EC2).
/// - `GET <containerPath>` needs `Authorization: <containerToken>` (else 401 with a JSON
///   `{code, message}`) and answers credentials JSON.
///
/// Tests set the credentials it hands out, expire its tokens and read what it was asked.
public final class AWSMetadataServer: TestServerLifetime {
  /// Credentials as the endpoints hand them out.
  public struct IssuedCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var token: String
    /// RFC 3339.
    public var expiration: String

    public init(accessKeyID: String, secretAccessKey: String, token: String, expiration: String) {
      self.accessKeyID = accessKeyID
      self.secretAccessKey = secretAccessKey
      self.token = token
      self.expiration = expiration
    }
  }

  public struct Options: Sendable {
    /// The instance's role; `nil`: an instance without one.
    public var role: String?
    public var region: String
    public var instanceID: String
    public var accountID: String
    /// The container credentials path.
    public var containerPath: String
    /// The `Authorization` value the container endpoint demands; `nil`: none needed.
    public var containerToken: String?
    public var credentials: IssuedCredentials
    /// The instance tags exposed in metadata; `nil`: tags are not exposed (404).
    public var instanceTags: [String: String]?

    public init(
      role: String? = "kspm-node-role", region: String = "eu-west-3", instanceID: String = "i-0123456789abcdef0",
      accountID: String = "123456789012", containerPath: String = "/v1/credentials",
      containerToken: String? = "pod-identity-token",
      credentials: IssuedCredentials = IssuedCredentials(
        accessKeyID: "ASIAMETADATAEXAMPLE1", secretAccessKey: "metadata/secret/EXAMPLEKEY",
        token: "metadata-session-token", expiration: "2100-01-01T00:00:00Z"),
      instanceTags: [String: String]? = nil
    ) {
      self.role = role
      self.region = region
      self.instanceID = instanceID
      self.accountID = accountID
      self.containerPath = containerPath
      self.containerToken = containerToken
      self.credentials = credentials
      self.instanceTags = instanceTags
    }
  }

  private struct State {
    var options: Options
    var tokens: [String: Date] = [:]
    var received: [LoopbackHTTPServer.Request] = []
  }

  private let server: LoopbackHTTPServer
  private let state: LockedValue<State>

  /// `http://127.0.0.1:<port>`: the IMDS endpoint.
  public var url: String { server.url }
  /// The container credentials URL (`AWS_CONTAINER_CREDENTIALS_FULL_URI`).
  public var containerURL: String { server.url + state.withLock { $0.options.containerPath } }
  /// Every request so far.
  public var requests: [LoopbackHTTPServer.Request] { state.withLock { $0.received } }

  private init(server: LoopbackHTTPServer, state: LockedValue<State>) {
    self.server = server
    self.state = state
  }

  public static func start(_ options: Options = Options()) async throws -> AWSMetadataServer {
    let state = LockedValue(State(options: options))
    let server = try await LoopbackHTTPServer.start { request in
      state.withLock { state in
        state.received.append(request)
        return answer(request, state: &state)
      }
    }
    return AWSMetadataServer(server: server, state: state)
  }

  /// Runs `body` with a started server and shuts it down afterwards, also when `body` throws.
  public static func withServer<Result: Sendable>(
    _ options: Options = Options(), _ body: (AWSMetadataServer) async throws -> Result
  ) async throws -> Result {
    try await start(options).use(body)
  }

  /// Hands out other credentials from now on (a rotation).
  public func setCredentials(_ credentials: IssuedCredentials) {
    state.withLock { $0.options.credentials = credentials }
  }

  /// Makes every session token issued so far invalid (as after their TTL).
  public func expireTokens() {
    state.withLock { $0.tokens.removeAll() }
  }

  public func shutdown() async {
    await server.shutdown()
  }

  // MARK: Answers

  private static func answer(_ request: LoopbackHTTPServer.Request, state: inout State) -> LoopbackHTTPServer.Response {
    let options = state.options
    switch (request.method, request.path) {
    case ("PUT", "/latest/api/token"):
      guard request.header("X-Forwarded-For") == nil else { return .init(status: 403, text: "Forbidden") }
      guard let ttl = request.header("X-aws-ec2-metadata-token-ttl-seconds").flatMap(Int.init),
        (1...21_600).contains(ttl)
      else { return .init(status: 400, text: "Bad Request") }
      let token = "imds-" + UUID().uuidString
      state.tokens[token] = Date().addingTimeInterval(Double(ttl))
      return .init(status: 200, headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(ttl))], text: token)
    case ("GET", let path) where path.hasPrefix("/latest/"):
      guard let token = request.header("X-aws-ec2-metadata-token"), let expiry = state.tokens[token], expiry > Date()
      else { return .init(status: 401, text: "Unauthorized") }
      return metadata(path, options: options)
    case ("GET", options.containerPath):
      if let required = options.containerToken, request.header("Authorization") != required {
        return .init(
          status: 401, headers: [("Content-Type", "application/json")],
          text: #"{"code":"InvalidToken","message":"the authorization token is not valid"}"#)
      }
      return json(credentialsDocument(options.credentials, imds: false))
    default:
      return .init(status: request.method == "GET" || request.method == "PUT" ? 404 : 405, text: "Not Found")
    }
  }

  private static func metadata(_ path: String, options: Options) -> LoopbackHTTPServer.Response {
    let prefix = "/latest/meta-data/iam/security-credentials/"
    if path == prefix {
      return options.role.map { .init(status: 200, text: $0) } ?? .init(status: 404, text: "Not Found")
    }
    if path.hasPrefix(prefix), let role = options.role, path.dropFirst(prefix.count) == role {
      return json(credentialsDocument(options.credentials, imds: true))
    }
    let tagsPrefix = "/latest/meta-data/tags/instance"
    if path.hasPrefix(tagsPrefix), let tags = options.instanceTags {
      let key = path.dropFirst(tagsPrefix.count).drop { $0 == "/" }
      if key.isEmpty { return .init(status: 200, text: tags.keys.sorted().joined(separator: "\n")) }
      return tags[String(key)].map { .init(status: 200, text: $0) } ?? .init(status: 404, text: "Not Found")
    }
    if path == "/latest/dynamic/instance-identity/document" {
      return json([
        "accountId": .string(options.accountID), "instanceId": .string(options.instanceID),
        "region": .string(options.region), "availabilityZone": .string(options.region + "a"),
        "instanceType": "m5.large", "architecture": "x86_64",
      ])
    }
    return .init(status: 404, text: "Not Found")
  }

  private static func credentialsDocument(_ credentials: IssuedCredentials, imds: Bool) -> JSONValue {
    var object = JSONObject()
    if imds {
      object.appendUnchecked("Code", "Success")
      object.appendUnchecked("LastUpdated", .string(Timestamp.format(Date(), fractionDigits: 0)))
      object.appendUnchecked("Type", "AWS-HMAC")
    }
    object.appendUnchecked("AccessKeyId", .string(credentials.accessKeyID))
    object.appendUnchecked("SecretAccessKey", .string(credentials.secretAccessKey))
    object.appendUnchecked("Token", .string(credentials.token))
    object.appendUnchecked("Expiration", .string(credentials.expiration))
    return .object(object)
  }

  private static func json(_ value: JSONValue) -> LoopbackHTTPServer.Response {
    .init(status: 200, headers: [("Content-Type", "application/json")], body: JSONWriter.serialize(value))
  }
}
