import KSPMCore

/// A fault waiting for the next bulk request.
enum PendingBulkFault: Sendable, Hashable {
  case status(Int)
  case close(ElasticsearchBulkServer.ConnectionCloseMode)
}

/// An index and an id, for counting arrivals.
struct DocumentKey: Sendable, Hashable {
  var index: String
  var id: String
}

/// Everything the server knows, behind one lock: credentials, documents, arrivals, faults and
/// the request log. Only short operations run under the lock.
struct BulkServerState: Sendable {
  var credentials: [ElasticsearchBulkServer.Credential]
  /// Documents by index (or data stream) name.
  var indices: [String: IndexStore] = [:]
  /// How many actions for each id arrived, whatever became of them.
  var arrivals: [DocumentKey: Int] = [:]
  var log: [RecordedBulkRequest] = []
  /// Applied to the next bulk requests, first in first out.
  var pendingFaults: [PendingBulkFault] = []
  /// Statuses forced on the next items, first in first out (before ``itemFaultRule``).
  var pendingItemFaults: [Int] = []
  var itemFaultRule: (@Sendable (ElasticsearchBulkServer.ItemContext) -> Int?)?
  var responseDelay: Duration?
  /// Bulk requests received so far (authenticated ones).
  var bulkRequestCount = 0

  init(credentials: [ElasticsearchBulkServer.Credential]) {
    self.credentials = credentials
  }

  /// Counts the arrival of `items` and returns, per item, how many had arrived before.
  mutating func recordArrivals(_ items: [PreparedItem]) -> [Int] {
    items.map { item in
      let key = DocumentKey(index: item.index, id: item.id)
      let before = arrivals[key, default: 0]
      arrivals[key] = before + 1
      return before
    }
  }

  /// Takes the fault for the next bulk request, if any.
  mutating func takeBulkFault() -> PendingBulkFault? {
    pendingFaults.isEmpty ? nil : pendingFaults.removeFirst()
  }
}
