/// What an output did with the documents it was given, counted since it started.
///
/// Every document handed to the output ends as exactly one of `delivered`, `duplicates`,
/// `deadLettered` or `dropped`, or is still `pending` (in a batch being sent or waiting to be retried).
public struct DeliveryStatistics: Sendable, Equatable {
  /// Documents handed to the output.
  public var accepted = 0
  /// Stored by this output's own request.
  public var delivered = 0
  /// Already stored (409): an earlier attempt had delivered it without us hearing back.
  public var duplicates = 0
  /// Given up: never delivered.
  public var dropped = 0
  /// Dropped documents by reason (e.g. `400 document_parsing_exception: …`, `too large (413)`).
  public var droppedReasons: [String: Int] = [:]
  /// Document re-sends (one per document per retry).
  public var retries = 0
  /// Retries by reason (`429`, `503`, `connection refused`, …).
  public var retryReasons: [String: Int] = [:]
  /// Documents re-sent to the dead-letter index.
  public var deadLettered = 0
  /// Bulk requests sent, and how many of them failed as a whole.
  public var requests = 0
  public var failedRequests = 0
  /// NDJSON bytes before compression, and bytes sent on the wire.
  public var uncompressedBytes = 0
  public var sentBytes = 0

  public init() {}

  /// Documents neither delivered nor dropped yet.
  public var pending: Int { accepted - delivered - duplicates - dropped - deadLettered }

  /// The change from `earlier` to this snapshot (for a per-cycle summary).
  public func since(_ earlier: DeliveryStatistics) -> DeliveryStatistics {
    var d = DeliveryStatistics()
    d.accepted = accepted - earlier.accepted
    d.delivered = delivered - earlier.delivered
    d.duplicates = duplicates - earlier.duplicates
    d.dropped = dropped - earlier.dropped
    d.droppedReasons = Self.difference(droppedReasons, earlier.droppedReasons)
    d.retries = retries - earlier.retries
    d.retryReasons = Self.difference(retryReasons, earlier.retryReasons)
    d.deadLettered = deadLettered - earlier.deadLettered
    d.requests = requests - earlier.requests
    d.failedRequests = failedRequests - earlier.failedRequests
    d.uncompressedBytes = uncompressedBytes - earlier.uncompressedBytes
    d.sentBytes = sentBytes - earlier.sentBytes
    return d
  }

  /// Per-reason counts of `now` minus `before`, without the reasons that did not change.
  static func difference(_ now: [String: Int], _ before: [String: Int]) -> [String: Int] {
    now.merging(before.mapValues { -$0 }, uniquingKeysWith: +).filter { $0.value != 0 }
  }

  /// Reasons as `reason ×count`, most frequent first.
  public static func describe(_ reasons: [String: Int]) -> String {
    reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
  }
}

/// How an output is doing, for logs and for the Elastic Agent's unit state.
public enum OutputHealth: Sendable, Equatable, CustomStringConvertible {
  /// Nothing sent yet.
  case starting
  /// The last request succeeded.
  case healthy
  /// Documents are waiting: the destination is unreachable, refusing, or throttling.
  case degraded(String)

  public var description: String {
    switch self {
    case .starting: return "starting"
    case .healthy: return "healthy"
    case .degraded(let reason): return "degraded: \(reason)"
    }
  }
}
