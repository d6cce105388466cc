import Engine
import KSPMCore
import Output

/// The closing line of `scan --ship`.
public enum ShipmentText {
  /// E.g. `kspmbeat: shipped 1200 findings (3 were already stored); 2 dropped (400 …); 10 not delivered …`.
  public static func describe(_ shipment: ShipmentReport) -> String {
    let s = shipment.statistics
    var text = "kspmbeat: shipped \(s.delivered + s.duplicates) findings"
    if s.duplicates > 0 { text += " (\(s.duplicates) were already stored)" }
    if s.retries > 0 { text += "; \(s.retries) retries (\(DeliveryStatistics.describe(s.retryReasons)))" }
    if s.deadLettered > 0 { text += "; \(s.deadLettered) sent to the dead-letter index" }
    if s.dropped > 0 { text += "; \(s.dropped) dropped (\(DeliveryStatistics.describe(s.droppedReasons)))" }
    if shipment.undelivered > 0 {
      text += "; \(shipment.undelivered) not delivered"
      if shipment.timedOut { text += " (gave up after the ship timeout of \(DurationText.format(shipment.timeout)))" }
    }
    return text
  }
}
