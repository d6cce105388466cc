import KSPMCore

/// HTTP header fields as received, in order; names are matched case-insensitively.
public struct RecordedHeaders: Sendable {
  public var fields: [(name: String, value: String)]

  public init(_ fields: [(name: String, value: String)]) {
    self.fields = fields
  }

  /// The first value of `name`.
  public subscript(_ name: String) -> String? {
    fields.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// Every value of `name`.
  public func values(_ name: String) -> [String] {
    fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
  }
}

/// One request as ``ElasticsearchBulkServer`` saw it (every endpoint, not only `_bulk`).
public struct RecordedBulkRequest: Sendable {
  /// What the path addressed (after the path prefix).
  public enum Endpoint: Sendable, Hashable {
    /// `GET /` or `HEAD /`.
    case root
    /// `/_bulk` (`target` nil) or `/<target>/_bulk`.
    case bulk(target: String?)
    case other
  }

  /// How the server finished with the request.
  public enum Outcome: Sendable, Hashable {
    case answered
    /// Closed without answer by ``ElasticsearchBulkServer/ConnectionCloseMode/afterRequest``.
    case closedAfterRequest
    /// Closed without answer by ``ElasticsearchBulkServer/ConnectionCloseMode/midRequest``.
    case closedMidRequest
    /// Processed, then closed without answer (``ElasticsearchBulkServer/ConnectionCloseMode/afterProcessing``).
    case closedAfterProcessing
    /// The client closed the connection (or the server went down) before the request was complete.
    case abandoned
  }

  public var method: String
  /// The path as sent, prefix included, query excluded.
  public var path: String
  public var endpoint: Endpoint
  /// Decoded query parameters, in order.
  public var query: [(name: String, value: String)]
  public var headers: RecordedHeaders
  /// Who the request was authenticated as; `nil` when authentication failed.
  public var principal: ElasticsearchBulkServer.Principal?
  /// The subject common name of the client certificate, when one was presented.
  public var clientCertificateCommonName: String?
  /// Body bytes as they came over the wire (compressed when `Content-Encoding: gzip`).
  public var wireBytes: Int
  /// Body bytes after decoding (equal to `wireBytes` for uncompressed bodies).
  public var bodyBytes: Int
  /// The action of each item (`create`, `index`, …), in order; empty when the body was not read
  /// or its framing was refused before the first action.
  public var actions: [String]
  /// The status of each item in the answer, in order (also for ``Outcome/closedAfterProcessing``).
  public var itemStatuses: [Int]
  /// The status sent; 0 when the connection was closed instead.
  public var status: Int
  /// Whether the answer body was gzip (or deflate) encoded.
  public var responseCompressed: Bool
  public var outcome: Outcome

  public var actionCount: Int { actions.count }

  /// The first value of query parameter `name`.
  public func queryValue(_ name: String) -> String? {
    query.first { $0.name == name }?.value
  }

  public var isBulk: Bool {
    if case .bulk = endpoint { return true }
    return false
  }
}

extension ElasticsearchBulkServer {
  /// Every request so far (all endpoints), in the order they were finished.
  public var requests: [RecordedBulkRequest] { core.state.withLock { $0.log } }

  /// The `_bulk` requests among ``requests``.
  public var bulkRequests: [RecordedBulkRequest] { requests.filter(\.isBulk) }

  public func clearRequestLog() {
    core.state.withLock { $0.log.removeAll() }
  }

  /// Indices and data streams that hold documents, sorted.
  public var indices: [String] {
    core.state.withLock { state in state.indices.filter { !$0.value.documents.isEmpty }.keys.sorted() }
  }

  /// How many documents `index` (an index or data stream name) holds.
  public func storedCount(index: String) -> Int {
    core.state.withLock { $0.indices[index]?.documents.count ?? 0 }
  }

  /// Documents in all indices.
  public var totalStoredCount: Int {
    core.state.withLock { state in state.indices.values.reduce(0) { $0 + $1.documents.count } }
  }

  /// The ids stored in `index`, in the order they were first stored.
  public func storedIDs(index: String) -> [String] {
    core.state.withLock { $0.indices[index]?.order ?? [] }
  }

  /// A stored document, parsed.
  public func document(index: String, id: String) -> JSONValue? {
    guard let source = documentSource(index: index, id: id) else { return nil }
    return try? JSONParser.parse(source)
  }

  /// A stored document's source bytes as they were sent.
  public func documentSource(index: String, id: String) -> [UInt8]? {
    core.state.withLock { $0.indices[index]?.documents[id]?.source }
  }

  /// A stored document's `_version`.
  public func documentVersion(index: String, id: String) -> Int64? {
    core.state.withLock { $0.indices[index]?.documents[id]?.version }
  }

  /// How many actions naming `id` arrived in `index`, whatever became of them: stored, 409,
  /// forced item failures, and requests failed or closed by a fault after being read.
  public func arrivals(index: String, id: String) -> Int {
    core.state.withLock { $0.arrivals[DocumentKey(index: index, id: id)] ?? 0 }
  }

  /// ``arrivals(index:id:)`` summed over all indices.
  public func arrivals(id: String) -> Int {
    core.state.withLock { state in state.arrivals.filter { $0.key.id == id }.values.reduce(0, +) }
  }

  /// Forgets all documents and arrival counts.
  public func removeAllDocuments() {
    core.state.withLock {
      $0.indices.removeAll()
      $0.arrivals.removeAll()
    }
  }
}
