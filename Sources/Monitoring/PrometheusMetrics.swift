import Output

/// `GET /metrics`: the records `/stats` shows, in the Prometheus text exposition format (0.0.4),
/// every name prefixed `kspmbeat_`. Output event counters appear only for outputs that keep them
/// (Elasticsearch), as in `/stats`.
public enum PrometheusMetrics {
  public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

  /// The exposition for one snapshot.
  public static func text(_ snapshot: MonitorSnapshot) -> String {
    var text = ""
    let record = snapshot.record
    func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
      guard !samples.isEmpty else { return }
      text += "# HELP kspmbeat_\(name) \(help)\n# TYPE kspmbeat_\(name) \(type)\n"
      for (labels, value) in samples { text += "kspmbeat_\(name)\(labels) \(value)\n" }
    }
    family("uptime_seconds", "gauge", "Seconds since the process started.", [("", seconds(snapshot.uptime))])
    family("cycles_total", "counter", "Cycles finished.", [("", "\(record.cycles)")])
    family("cycle_running", "gauge", "1 while a cycle runs.", [("", record.running == nil ? "0" : "1")])
    if let last = record.lastCycle {
      family(
        "last_cycle_duration_seconds", "gauge", "Duration of the last finished cycle.", [("", seconds(last.duration))])
      family(
        "last_cycle_resources", "gauge", "Resources each collector read in the last finished cycle.",
        last.collectorResources.keys.sorted().map { (labels(["collector": $0]), "\(last.collectorResources[$0] ?? 0)") }
      )
    }
    family(
      "findings_total", "counter", "Findings of finished cycles, by evaluation.",
      [(labels(["evaluation": "passed"]), "\(record.passed)"), (labels(["evaluation": "failed"]), "\(record.failed)")])
    if let statistics = snapshot.statistics {
      family(
        "output_events_delivered_total", "counter", "Documents the output stored (duplicates included).",
        [("", "\(statistics.delivered + statistics.duplicates)")])
      family(
        "output_events_failed_total", "counter", "Document re-sends after a failed attempt.",
        [("", "\(statistics.retries)")])
      family("output_events_dropped_total", "counter", "Documents given up on.", [("", "\(statistics.dropped)")])
    }
    family("queue_events", "gauge", "Documents waiting in the queue.", [("", "\(snapshot.queued)")])
    family("queue_capacity_events", "gauge", "Documents the queue holds at most.", [("", "\(snapshot.queueCapacity)")])
    var healthy = "1"
    if case .degraded = snapshot.health { healthy = "0" }
    family(
      "output_healthy", "gauge", "1 while the output is healthy, 0 while it is degraded.",
      [(labels(["output": snapshot.output]), healthy)])
    family("leader", "gauge", "1 while this process holds the leader Lease.", [("", snapshot.isLeader ? "1" : "0")])
    return text
  }

  /// `{name="value"}` with the value escaped (backslash, double quote, line feed).
  static func labels(_ pairs: KeyValuePairs<String, String>) -> String {
    let inner = pairs.map { pair in
      let escaped = pair.value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
      return "\(pair.key)=\"\(escaped)\""
    }
    return "{\(inner.joined(separator: ","))}"
  }

  static func seconds(_ duration: Duration) -> String {
    let (whole, attoseconds) = duration.components
    return "\(Double(whole) + Double(attoseconds) / 1e18)"
  }
}
