import KSPMCore

extension ElasticsearchBulkServer {
  /// How a bulk request's connection is closed instead of answered.
  public enum ConnectionCloseMode: Sendable, Hashable {
    /// The whole request is read, then the connection is closed: nothing is stored (the node
    /// went away before processing it).
    case afterRequest
    /// The connection is closed as soon as part of the body has arrived (or, for a request
    /// without body, at its end): nothing is stored.
    case midRequest
    /// The request is processed and its documents stored, then the connection is closed
    /// without an answer: the "lost acknowledgement" case, where a retry must get 409s.
    case afterProcessing
  }

  /// What a per-item fault rule sees of one item.
  public struct ItemContext: Sendable {
    /// `create`, `index`, `update` or `delete`.
    public var action: String
    /// The target: `_index`, else the path target.
    public var index: String
    /// The `_id` sent; `nil` when the server generates one.
    public var id: String?
    /// The item's source line parsed (the document; for `update` the update body); `nil` for
    /// `delete` and when the line is not JSON.
    public var document: JSONValue?
    /// How many actions for this index and id arrived before this one (in any bulk request
    /// the server read, whatever their outcome); 0 for generated ids.
    public var arrivalsBefore: Int
    /// 0-based position of the item in its request.
    public var position: Int
    /// 1-based number of the bulk request since the server started (counting bulk requests that
    /// passed authentication and the content type check).
    public var requestNumber: Int
  }

  /// Answers the next `count` bulk requests (requests that pass authentication and the content
  /// type check; faults are taken in that order, when the request head arrives) with `status` and the body Elasticsearch sends
  /// with it (429: `es_rejected_execution_exception` "rejected execution of coordinating
  /// operation"; 503: `cluster_block_exception`; 500: `exception`; 413; 401 with
  /// `WWW-Authenticate`; …). Their documents are not stored (their arrivals are counted).
  /// Faults queue up first in first out with ``closeConnectionOnNextBulkRequests(count:mode:)``.
  public func failNextBulkRequests(count: Int = 1, status: Int) {
    core.state.withLock { $0.pendingFaults += Array(repeating: .status(status), count: max(0, count)) }
  }

  /// Closes the connection of the next `count` bulk requests without answering, as `mode` says.
  public func closeConnectionOnNextBulkRequests(count: Int = 1, mode: ConnectionCloseMode) {
    core.state.withLock { $0.pendingFaults += Array(repeating: .close(mode), count: max(0, count)) }
  }

  /// Forces `status` on each of the next `count` items, in any bulk request, before the
  /// ``setItemFaultRule(_:)`` rule is asked. Forced items are not stored.
  public func failNextItems(count: Int = 1, status: Int) {
    core.state.withLock { $0.pendingItemFaults += Array(repeating: status, count: max(0, count)) }
  }

  /// Asks `rule` about every item of every processed bulk request: a status it returns is forced
  /// on the item (429: `es_rejected_execution_exception`, 500: `exception`, 503:
  /// `unavailable_shards_exception`, 400: `document_parsing_exception`, …) and the item is not
  /// stored; `nil` lets the item through. The rule runs outside the server's lock, on an event
  /// loop: it must be quick and must not block. `nil` removes the rule.
  public func setItemFaultRule(_ rule: (@Sendable (ItemContext) -> Int?)?) {
    core.state.withLock { $0.itemFaultRule = rule }
  }

  /// Delays every bulk answer (and the closing of connections by the close faults) by `delay`;
  /// `nil` for none. Documents are stored before the delay, as a slow node would.
  public func setResponseDelay(_ delay: Duration?) {
    core.state.withLock { $0.responseDelay = delay }
  }

  /// Forgets queued request and item faults, the item rule and the response delay.
  public func clearFaults() {
    core.state.withLock {
      $0.pendingFaults.removeAll()
      $0.pendingItemFaults.removeAll()
      $0.itemFaultRule = nil
      $0.responseDelay = nil
    }
  }

  /// Accepts `credentials` from now on (empty: no authentication required).
  public func setCredentials(_ credentials: [Credential]) {
    core.state.withLock { $0.credentials = credentials }
  }
}
