import Output

/// What a one-shot delivery (`scan --ship`) achieved.
public struct ShipmentReport: Sendable {
  /// The output's counters when the scan ended.
  public var statistics: DeliveryStatistics
  /// Findings neither acknowledged nor dropped when the ship timeout passed.
  public var undelivered: Int
  public var timedOut: Bool
  public var timeout: Duration

  public init(statistics: DeliveryStatistics, undelivered: Int, timedOut: Bool, timeout: Duration) {
    self.statistics = statistics
    self.undelivered = undelivered
    self.timedOut = timedOut
    self.timeout = timeout
  }

  /// Every finding is stored (or was already).
  public var complete: Bool { undelivered == 0 && statistics.dropped == 0 && statistics.deadLettered == 0 }
}
