import Foundation
import KSPMCore
import NIOCore

/// The outcome of checking a request's credentials.
enum Authentication: Sendable {
  case success(ElasticsearchBulkServer.Principal)
  case failure(BulkServerResponse)
}

/// What a request path addresses.
enum BulkServerRoute: Sendable, Hashable {
  case root
  case bulk(target: String?)
  case unknown
}

/// The shared, thread-safe part of the server that channel handlers talk to: options, state,
/// open connections; routing, authentication and the fixed answers.
final class BulkServerCore: Sendable {
  let options: ElasticsearchBulkServer.Options
  let state: LockedValue<BulkServerState>
  let connections = LockedValue<[ObjectIdentifier: any Channel]>([:])

  init(options: ElasticsearchBulkServer.Options) {
    self.options = options
    self.state = LockedValue(BulkServerState(credentials: options.credentials))
  }

  func record(_ request: RecordedBulkRequest) {
    state.withLock { $0.log.append(request) }
  }

  /// Numbers an authenticated bulk request and takes the fault queued for it.
  func beginBulkRequest() -> (number: Int, fault: PendingBulkFault?) {
    state.withLock { state in
      state.bulkRequestCount += 1
      return (state.bulkRequestCount, state.takeBulkFault())
    }
  }

  // MARK: Routing

  /// The route of `path` (percent-decoded segments) after the path prefix.
  func route(_ path: String) -> BulkServerRoute {
    let prefix = options.normalizedPathPrefix
    var rest = Substring(path)
    if !prefix.isEmpty {
      guard rest.hasPrefix(prefix), rest.count == prefix.count || rest.dropFirst(prefix.count).first == "/" else {
        return .unknown
      }
      rest = rest.dropFirst(prefix.count)
    }
    let segments = rest.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    switch segments.count {
    case 0: return .root
    case 1 where segments[0] == "_bulk": return .bulk(target: nil)
    case 2 where segments[1] == "_bulk": return .bulk(target: segments[0])
    default: return .unknown
    }
  }

  /// Splits a request URI into path and decoded query parameters.
  static func splitURI(_ uri: String) -> (path: String, query: [(name: String, value: String)]) {
    guard let mark = uri.firstIndex(of: "?") else { return (uri, []) }
    let query = uri[uri.index(after: mark)...].split(separator: "&").map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
      }
      return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
    }
    return (String(uri[..<mark]), query)
  }

  // MARK: Authentication

  /// Who `authorization` authenticates, or the 401 answer. Without configured credentials
  /// everybody is ``ElasticsearchBulkServer/Principal/anonymous``.
  func authenticate(_ authorization: String?, uri: String) -> Authentication {
    let credentials = state.withLock { $0.credentials }
    if credentials.isEmpty { return .success(.anonymous) }
    let missing = BulkServerResponse.unauthorized("missing authentication credentials for REST request [\(uri)]")
    let rejected = BulkServerResponse.unauthorized(
      "unable to authenticate with provided credentials and anonymous access is not allowed for this request")
    guard let authorization, let space = authorization.firstIndex(of: " ") else { return .failure(missing) }
    let scheme = authorization[..<space].lowercased()
    let value = authorization[authorization.index(after: space)...].trimmingCharacters(in: .whitespaces)
    func decoded() -> (String, String)? {
      guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
        let colon = text.firstIndex(of: ":")
      else { return nil }
      return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
    switch scheme {
    case "basic":
      guard let (user, password) = decoded() else { return .failure(missing) }
      if credentials.contains(.basic(username: user, password: password)) { return .success(.user(user)) }
      return .failure(.unauthorized("unable to authenticate user [\(user)] for REST request [\(uri)]"))
    case "apikey":
      guard let (id, key) = decoded(), credentials.contains(.apiKey(id: id, key: key)) else {
        return .failure(rejected)
      }
      return .success(.apiKey(id: id))
    case "bearer":
      return credentials.contains(.bearer(value)) ? .success(.bearerToken) : .failure(rejected)
    default:
      return .failure(missing)
    }
  }

  // MARK: Fixed answers

  /// `GET /`: the node and cluster, and the version.
  var rootResponse: BulkServerResponse {
    let version: JSONValue = [
      "number": .string(options.version), "build_flavor": .string(options.buildFlavor), "build_type": "docker",
      "build_hash": "0000000000000000000000000000000000000000", "build_date": "2025-01-01T00:00:00.000000000Z",
      "build_snapshot": false, "lucene_version": "9.12.0", "minimum_wire_compatibility_version": "7.17.0",
      "minimum_index_compatibility_version": "7.0.0",
    ]
    return BulkServerResponse(
      status: 200,
      body: [
        "name": .string(options.nodeName), "cluster_name": .string(options.clusterName),
        "cluster_uuid": .string(options.clusterUUID), "version": version, "tagline": "You Know, for Search",
      ])
  }

  /// 406 unless `contentType` is JSON or NDJSON (UTF-8).
  static func contentTypeProblem(_ contentType: String?) -> BulkServerResponse? {
    guard let contentType, !contentType.trimmingCharacters(in: .whitespaces).isEmpty else {
      return .plain(status: 406, "Content-Type header is missing")
    }
    let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let accepted: Set<String> = [
      "application/json", "application/x-ndjson", "application/vnd.elasticsearch+json",
      "application/vnd.elasticsearch+x-ndjson",
    ]
    let charsetOK = parts.dropFirst().allSatisfy { parameter in
      guard parameter.hasPrefix("charset=") else { return true }
      return parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == "utf-8"
    }
    guard let mediaType = parts.first, accepted.contains(mediaType), charsetOK else {
      return .plain(status: 406, "Content-Type header [\(contentType)] is not supported")
    }
    return nil
  }
}

/// A misuse of the test server (e.g. client certificates without TLS).
struct BulkServerError: Error, CustomStringConvertible {
  var description: String
}
