import KSPMCore
import Logging
import Synchronization

/// Ships finding documents to Elasticsearch with `_bulk` `create` requests, the way libbeat's
/// Elasticsearch output does (agent-and-output.md B.4–B.7), without ever losing a document to a
/// transient failure unless `max_retries` says so.
///
/// `write` returns when every document of the batch is stored, known to be there already (409),
/// or dropped for a reason that is logged and counted (a 4xx Elasticsearch will never accept, a
/// single document too large for a request, or the retry limit). Until then it retries with
/// libbeat's equal-jitter backoff, moving to the next host after a failure, so a queue in front of
/// it fills up and the producers wait. Several `write` calls may run at once (one per worker).
public final class ElasticsearchOutput: FindingOutput {
  public let config: ElasticsearchOutputConfig
  /// The data stream documents go to, e.g. `logs-cloud_security_posture.findings-default`.
  public let index: String
  let transport: ElasticsearchTransport
  /// Body and gzip buffers reused between requests.
  let buffers = BulkBufferPool()
  let logger: Logger
  private let shared: Mutex<SharedState>
  private let onHealthChange: (@Sendable (OutputHealth) -> Void)?

  struct SharedState {
    var statistics = DeliveryStatistics()
    var health: OutputHealth = .starting
    /// Hosts whose `GET /` succeeded since their last failure.
    var verifiedHosts: Set<Int> = []
    /// The host every worker uses when `loadbalance` is off.
    var activeHost: Int
    var nextWorker = 0
  }

  /// - Parameters:
  ///   - userAgent: the `User-Agent` header, e.g. `kspmbeat/0.1.0`.
  ///   - onHealthChange: called on every change of ``health`` (for the Elastic Agent's unit state).
  public init(
    config: ElasticsearchOutputConfig, index: String, userAgent: String, logger: Logger,
    onHealthChange: (@Sendable (OutputHealth) -> Void)? = nil
  ) throws(OutputError) {
    guard !config.hosts.isEmpty else { throw OutputError("output.elasticsearch.hosts is empty") }
    self.config = config
    self.index = index
    self.logger = logger
    self.onHealthChange = onHealthChange
    transport = try ElasticsearchTransport(config: config, userAgent: userAgent)
    shared = Mutex(SharedState(activeHost: Int.random(in: 0..<config.hosts.count)))
    if config.tls?.caTrustedFingerprint != nil {
      logger.warning(
        """
        output.elasticsearch.ssl.ca_trusted_fingerprint is not supported and is ignored: the server is \
        verified against ssl.certificate_authorities (or the system's roots)
        """)
    }
  }

  public var deliveryStatistics: DeliveryStatistics? { shared.withLock { $0.statistics } }
  public var health: OutputHealth { shared.withLock { $0.health } }

  public func write(_ documents: [FindingDocument]) async throws {
    guard !documents.isEmpty else { return }
    let worker = shared.withLock { s in
      s.statistics.accepted += documents.count
      defer { s.nextWorker += 1 }
      return s.nextWorker
    }
    var delivery = BatchDelivery(output: self, hostOffset: worker)
    let items = documents.map { PendingItem(item: BulkItem(index: index, id: $0.id, document: $0.body)) }
    // Requests of at most bulk_max_size documents; 413 splits push halves back on this stack.
    var requests: [[PendingItem]] = stride(from: 0, to: items.count, by: config.bulkMaxSize).map {
      Array(items[$0..<min($0 + config.bulkMaxSize, items.count)])
    }.reversed()
    do {
      while let request = requests.popLast() {
        try await delivery.deliver(request, splitInto: &requests)
      }
    } catch {
      // Stopped before the end (cancelled): hand back what is not resolved, so it is neither
      // counted as pending here nor lost.
      let resolved = delivery.resolved.withLock { $0 }
      let remaining = documents.filter { !resolved.contains($0.id) }
      shared.withLock { $0.statistics.accepted -= remaining.count }
      throw UnfinishedWrite(remaining: remaining, underlying: error)
    }
  }

  public func close() async throws {
    await transport.shutdown()
  }

  // MARK: - Shared state used by deliveries

  func update(_ body: (inout DeliveryStatistics) -> Void) {
    shared.withLock { body(&$0.statistics) }
  }

  func setHealth(_ health: OutputHealth) {
    let previous = shared.withLock { s in
      defer { s.health = health }
      return s.health
    }
    guard previous != health else { return }
    if let onHealthChange {
      // The listener reports it (the daemon's event log): one line per change, not two.
      onHealthChange(health)
      return
    }
    switch health {
    case .degraded(let reason): logger.warning("Elasticsearch output degraded: \(reason)")
    case .healthy:
      if case .degraded = previous { logger.info("Elasticsearch output is healthy again") }
    case .starting: break
    }
  }

  func isVerified(_ host: Int) -> Bool { shared.withLock { $0.verifiedHosts.contains(host) } }

  func setVerified(_ host: Int, _ verified: Bool) {
    shared.withLock { s in
      if verified { s.verifiedHosts.insert(host) } else { s.verifiedHosts.remove(host) }
    }
  }

  /// The host a delivery should use next; `rotation` counts its own failures.
  func host(offset: Int, rotation: Int) -> Int {
    let count = config.hosts.count
    if config.loadBalance { return (offset + rotation) % count }
    return shared.withLock { $0.activeHost }
  }

  /// After a failure on `host`: without load balancing every worker moves to the next host.
  func hostFailed(_ host: Int) {
    setVerified(host, false)
    guard !config.loadBalance else { return }
    shared.withLock { s in
      if s.activeHost == host { s.activeHost = (host + 1) % config.hosts.count }
    }
  }
}

/// A document on its way, with the retries it has used.
struct PendingItem: Sendable {
  var item: BulkItem
  var retries = 0
  /// Rewritten for the dead-letter index: a second refusal drops it.
  var deadLettered = false
}
