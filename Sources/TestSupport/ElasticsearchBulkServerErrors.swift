import KSPMCore

/// An Elasticsearch error: `type` and `reason` as they appear in `error` objects.
struct ElasticsearchError: Sendable, Hashable {
  var type: String
  var reason: String
  var causedBy: [ElasticsearchError] = []

  /// The `error` object of an item or of a whole-request answer.
  var json: JSONValue {
    var object = JSONObject()
    object.appendUnchecked("type", .string(type))
    object.appendUnchecked("reason", .string(reason))
    if let cause = causedBy.first { object.appendUnchecked("caused_by", cause.json) }
    return .object(object)
  }

  /// A whole-request error body: `{"error":{"root_cause":[…],"type":…,"reason":…},"status":…}`.
  func responseBody(status: Int) -> JSONValue {
    var error = JSONObject()
    let root = ElasticsearchError(type: type, reason: reason)
    error.appendUnchecked("root_cause", .array([root.json]))
    for member in json.objectValue?.members ?? [] { error.appendUnchecked(member.key, member.value) }
    return ["error": .object(error), "status": .int(Int64(status))]
  }

  /// The error Elasticsearch typically gives with `status`, for injected faults.
  static func typical(status: Int, coordinating: Bool) -> ElasticsearchError {
    switch status {
    case 400:
      return ElasticsearchError(type: "document_parsing_exception", reason: "[1:1] failed to parse (injected fault)")
    case 401:
      return ElasticsearchError(type: "security_exception", reason: "unable to authenticate user for REST request")
    case 403:
      return ElasticsearchError(
        type: "security_exception", reason: "action [indices:data/write/bulk[s]] is unauthorized (injected fault)")
    case 404:
      return ElasticsearchError(type: "index_not_found_exception", reason: "no such index (injected fault)")
    case 409:
      return ElasticsearchError(
        type: "version_conflict_engine_exception", reason: "version conflict, document already exists (injected fault)")
    case 413:
      return ElasticsearchError(type: "content_too_long_exception", reason: "request content is too long")
    case 429:
      let operation = coordinating ? "coordinating operation" : "primary operation"
      return ElasticsearchError(
        type: "es_rejected_execution_exception",
        reason: "rejected execution of \(operation) [injected fault: indexing pressure or write queue full]")
    case 500:
      return ElasticsearchError(type: "exception", reason: "internal server error (injected fault)")
    case 503:
      return ElasticsearchError(
        type: coordinating ? "cluster_block_exception" : "unavailable_shards_exception",
        reason: coordinating
          ? "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized]"
          : "primary shard is not active (injected fault)")
    default:
      return ElasticsearchError(type: "exception", reason: "injected fault with status \(status)")
    }
  }
}

/// A whole-request answer: status, JSON body and extra headers.
struct BulkServerResponse: Sendable {
  var status: Int
  var body: JSONValue
  var headers: [(String, String)] = []

  init(status: Int, body: JSONValue, headers: [(String, String)] = []) {
    self.status = status
    self.body = body
    self.headers = headers
  }

  init(status: Int, error: ElasticsearchError, headers: [(String, String)] = []) {
    self.init(status: status, body: error.responseBody(status: status), headers: headers)
  }

  /// The `{"error":"<message>","status":N}` form Elasticsearch's REST layer uses for routing
  /// and content-type problems.
  static func plain(status: Int, _ message: String) -> BulkServerResponse {
    BulkServerResponse(status: status, body: ["error": .string(message), "status": .int(Int64(status))])
  }

  /// What `WWW-Authenticate` lists: every scheme the node accepts.
  static let authenticateChallenges = [
    ("WWW-Authenticate", #"Basic realm="security", charset="UTF-8""#),
    ("WWW-Authenticate", #"Bearer realm="security""#),
    ("WWW-Authenticate", "ApiKey"),
  ]

  /// 401 with a `security_exception` and the challenges.
  static func unauthorized(_ reason: String) -> BulkServerResponse {
    BulkServerResponse(
      status: 401, error: ElasticsearchError(type: "security_exception", reason: reason),
      headers: authenticateChallenges)
  }

  /// An injected whole-request status with the body Elasticsearch would send for it.
  static func injected(status: Int) -> BulkServerResponse {
    let error = ElasticsearchError.typical(status: status, coordinating: true)
    return BulkServerResponse(
      status: status, error: error, headers: status == 401 ? authenticateChallenges : [])
  }

  /// 413 for a body over the limit.
  static func contentTooLong(limit: Int) -> BulkServerResponse {
    BulkServerResponse(
      status: 413,
      error: ElasticsearchError(
        type: "content_too_long_exception",
        reason: "request body is too large, it exceeds http.max_content_length [\(limit) bytes]"))
  }
}
