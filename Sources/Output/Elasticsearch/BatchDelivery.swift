import Foundation
import KSPMCore
import Logging

/// Delivers one batch for ``ElasticsearchOutput``: connects (`GET /`), sends `_bulk` requests and
/// applies the response rules of agent-and-output.md B.7 until every document is resolved.
///
/// Connect and publish failures have separate backoffs (libbeat since beats#45073), so a node that
/// answers `GET /` while throttling bulk requests still slows the retries down.
struct BatchDelivery {
  let output: ElasticsearchOutput
  let hostOffset: Int
  /// Ids of the documents this delivery resolved (stored, already there, dead-lettered, dropped).
  let resolved = LockedValue<Set<String>>([])
  var rotation = 0
  var connectBackoff: EqualJitterBackoff
  var publishBackoff: EqualJitterBackoff

  init(output: ElasticsearchOutput, hostOffset: Int) {
    self.output = output
    self.hostOffset = hostOffset
    connectBackoff = EqualJitterBackoff(initial: output.config.backoffInit, maximum: output.config.backoffMax)
    publishBackoff = connectBackoff
  }

  private var config: ElasticsearchOutputConfig { output.config }
  private var logger: Logger { output.logger }

  /// Sends `batch` until each document is stored, already there, or dropped. A 413 answer pushes
  /// the two halves onto `splitInto` instead (no retry is counted for a split).
  mutating func deliver(_ batch: [PendingItem], splitInto requests: inout [[PendingItem]]) async throws {
    var pending = batch
    while !pending.isEmpty {
      try Task.checkCancellation()
      let hostIndex = try await connectedHost()
      let host = config.hosts[hostIndex]
      // The body and gzip buffers are reused from request to request (see ``BulkBufferPool``).
      var buffers = output.buffers.take()
      defer { output.buffers.give(buffers) }
      BulkRequestBody.encode(pending.lazy.map(\.item), into: &buffers.body)
      let (exchange, sentBytes) = try await output.transport.bulk(
        host, body: buffers.body, compressionLevel: config.compressionLevel, scratch: &buffers.gzip)
      let bodySize = buffers.body.count
      output.update { s in
        s.requests += 1
        s.uncompressedBytes += bodySize
        s.sentBytes += sentBytes
      }
      switch exchange {
      case .failed(let reason):
        pending = try await requestFailed(pending, host: hostIndex, reason: reason)
      case .response(413, _):
        if pending.count == 1 {
          drop(pending, reason: "too large for one bulk request (413)")
          logger.error(
            "Elasticsearch refused a single finding as too large (413); dropped",
            metadata: ["_id": "\(pending[0].item.id)", "bytes": "\(pending[0].item.document.count)"])
        } else {
          let middle = pending.count / 2
          logger.info(
            "bulk request too large for Elasticsearch (413): splitting \(pending.count) findings in two",
            metadata: ["host": "\(host)"])
          requests.append(Array(pending[middle...]))
          requests.append(Array(pending[..<middle]))
        }
        pending = []
      case .response(let status, let responseBody) where status != 200:
        let reason = ElasticsearchTransport.statusReason(status, body: responseBody)
        pending = try await requestFailed(pending, host: hostIndex, reason: reason)
      case .response(_, let responseBody):
        do {
          let results = try BulkResponse.parse(responseBody, itemCount: pending.count)
          pending = try await handle(results, of: pending)
        } catch let error as BulkResponseError {
          pending = try await requestFailed(pending, host: hostIndex, reason: error.description)
        }
      }
    }
  }

  /// A host that answered `GET /` like Elasticsearch, trying the hosts in turn with the connect backoff.
  private mutating func connectedHost() async throws -> Int {
    while true {
      try Task.checkCancellation()
      let index = output.host(offset: hostOffset, rotation: rotation)
      if output.isVerified(index) { return index }
      let host = config.hosts[index]
      switch try await output.transport.ping(host) {
      case .success(let version):
        output.setVerified(index, true)
        connectBackoff.reset()
        logger.info("connected to Elasticsearch \(version)", metadata: ["host": "\(host)"])
        return index
      case .failure(let failure):
        output.setHealth(.degraded("cannot use \(host): \(failure.reason)"))
        output.hostFailed(index)
        rotation += 1
        try await connectBackoff.wait()
      }
    }
  }

  /// The whole request failed: every document is retried after the publish backoff, on the next host.
  private mutating func requestFailed(_ pending: [PendingItem], host: Int, reason: String) async throws
    -> [PendingItem]
  {
    let hostName = config.hosts[host]
    output.update { $0.failedRequests += 1 }
    output.setHealth(.degraded("bulk request to \(hostName) failed: \(reason)"))
    output.hostFailed(host)
    rotation += 1
    let remaining = retry(pending, reason: Self.category(reason))
    if !remaining.isEmpty {
      logger.warning(
        "bulk request failed; retrying \(remaining.count) findings",
        metadata: ["host": "\(hostName)", "reason": "\(reason)"])
      try await publishBackoff.wait()
    }
    return remaining
  }

  /// Applies the per-item rules; returns what must be sent again.
  private mutating func handle(_ results: [BulkItemResult], of pending: [PendingItem]) async throws -> [PendingItem] {
    var again: [PendingItem] = []
    var retryable: [(PendingItem, String)] = []
    var delivered = 0
    var duplicates = 0
    var deadLettered = 0
    var refused: [String: [PendingItem]] = [:]
    for (item, result) in zip(pending, results) {
      switch result {
      case .created:
        if item.deadLettered { deadLettered += 1 } else { delivered += 1 }
        resolved.withLock { _ = $0.insert(item.item.id) }
      case .duplicate:
        if item.deadLettered { deadLettered += 1 } else { duplicates += 1 }
        resolved.withLock { _ = $0.insert(item.item.id) }
      case .retryable(let status, let reason):
        retryable.append((item, "\(status) \(Self.errorType(reason))"))
      case .rejected(let status, let reason):
        if case .deadLetterIndex(let deadLetterIndex) = config.nonIndexablePolicy, !item.deadLettered {
          again.append(Self.deadLetter(item, index: deadLetterIndex, status: status, reason: reason))
        } else {
          refused["\(status) \(reason)", default: []].append(item)
        }
      }
    }
    output.update { s in
      s.delivered += delivered
      s.duplicates += duplicates
      s.deadLettered += deadLettered
    }
    for (reason, items) in refused.sorted(by: { $0.key < $1.key }) {
      drop(items, reason: Self.category(reason))
      logger.error(
        "Elasticsearch refused \(items.count) findings; dropped",
        metadata: ["reason": "\(reason)", "first_id": "\(items[0].item.id)"])
    }
    if !again.isEmpty {
      logger.warning("re-sending \(again.count) refused findings to the dead-letter index")
    }
    guard !retryable.isEmpty else {
      publishBackoff.reset()
      output.setHealth(.healthy)
      return again
    }
    var byReason: [String: [PendingItem]] = [:]
    for (item, reason) in retryable { byReason[reason, default: []].append(item) }
    for (reason, items) in byReason.sorted(by: { $0.key < $1.key }) {
      again.append(contentsOf: retry(items, reason: reason))
    }
    let summary = DeliveryStatistics.describe(byReason.mapValues(\.count))
    output.setHealth(.degraded("Elasticsearch asked to retry findings: \(summary)"))
    if !again.isEmpty {
      logger.warning("retrying \(retryable.count) findings", metadata: ["reasons": "\(summary)"])
      try await publishBackoff.wait()
    }
    return again
  }

  /// Counts a retry for each item; those past `max_retries` are dropped instead.
  private func retry(_ items: [PendingItem], reason: String) -> [PendingItem] {
    var kept: [PendingItem] = []
    var exhausted: [PendingItem] = []
    for var item in items {
      item.retries += 1
      if let limit = config.maxRetries, item.retries > limit { exhausted.append(item) } else { kept.append(item) }
    }
    output.update { s in
      s.retries += kept.count
      if !kept.isEmpty { s.retryReasons[reason, default: 0] += kept.count }
    }
    if !exhausted.isEmpty {
      drop(exhausted, reason: "gave up after \(config.maxRetries ?? 0) retries (\(reason))")
      logger.error(
        "dropped \(exhausted.count) findings after \(config.maxRetries ?? 0) retries (max_retries)",
        metadata: ["reason": "\(reason)"])
    }
    return kept
  }

  private func drop(_ items: [PendingItem], reason: String) {
    resolved.withLock { ids in for item in items { ids.insert(item.item.id) } }
    output.update { s in
      s.dropped += items.count
      s.droppedReasons[reason, default: 0] += items.count
    }
  }

  /// The document wrapped for the dead-letter index (agent-and-output.md B.8), under the same `_id`.
  static func deadLetter(_ item: PendingItem, index: String, status: Int, reason: String) -> PendingItem {
    var writer = JSONWriter(capacity: item.item.document.count + 256)
    writer.writeRaw("{\"@timestamp\":")
    writer.writeString(Timestamp.milliseconds(.now))
    writer.writeRaw(",\"message\":")
    writer.writeString(String(decoding: item.item.document, as: UTF8.self))
    writer.writeRaw(",\"error\":{\"type\":")
    writer.writeString(String(status))
    writer.writeRaw(",\"message\":")
    writer.writeString(reason)
    writer.writeRaw("}}")
    var rewritten = item
    rewritten.item = BulkItem(index: index, id: item.item.id, document: writer.bytes)
    rewritten.deadLettered = true
    return rewritten
  }

  /// A reason short and stable enough to count by: `429 es_rejected_execution_exception`,
  /// `connection refused`, `timeout`.
  static func category(_ reason: String) -> String {
    if reason.hasPrefix("timeout") { return "timeout" }
    var cut = reason.endIndex
    if let colon = reason.firstIndex(of: ":") { cut = colon }
    if let parenthesis = reason.range(of: " ("), parenthesis.lowerBound < cut { cut = parenthesis.lowerBound }
    return String(reason[..<cut])
  }

  /// `es_rejected_execution_exception` of `es_rejected_execution_exception: rejected …`.
  static func errorType(_ reason: String) -> String {
    String(reason.prefix { $0 != ":" && $0 != " " })
  }
}
