import Logging
import Output
import Synchronization

/// Logs what the output did since the previous report: once per cycle, so a cluster that throttles
/// or refuses findings shows up in the logs with numbers and reasons.
public final class OutputReporter: Sendable {
  public let output: any FindingOutput
  private let last = Mutex(DeliveryStatistics())

  public init(output: any FindingOutput) { self.output = output }

  /// The change since the previous call (`nil` for outputs that don't count).
  public func takeDelta() -> DeliveryStatistics? {
    guard let now = output.deliveryStatistics else { return nil }
    return last.withLock { previous in
      defer { previous = now }
      return now.since(previous)
    }
  }

  /// One log line: sent, already present, retried and dropped (with reasons), still pending.
  public func log(to logger: Logger, queued: Int) {
    guard let delta = takeDelta(), let total = output.deliveryStatistics else { return }
    var metadata: Logger.Metadata = [
      "output.delivered": "\(delta.delivered)", "output.duplicates": "\(delta.duplicates)",
      "output.retries": "\(delta.retries)", "output.dropped": "\(delta.dropped)",
      "output.requests": "\(delta.requests)", "output.failed_requests": "\(delta.failedRequests)",
      "output.pending": "\(total.pending)", "output.queued": "\(queued)", "output.health": "\(output.health)",
    ]
    if !delta.retryReasons.isEmpty {
      metadata["output.retry_reasons"] = "\(DeliveryStatistics.describe(delta.retryReasons))"
    }
    if !delta.droppedReasons.isEmpty {
      metadata["output.drop_reasons"] = "\(DeliveryStatistics.describe(delta.droppedReasons))"
    }
    if delta.deadLettered > 0 { metadata["output.dead_lettered"] = "\(delta.deadLettered)" }
    if delta.dropped > 0 {
      logger.warning("output summary: \(delta.dropped) findings dropped since the last cycle", metadata: metadata)
    } else {
      logger.info("output summary", metadata: metadata)
    }
  }
}
