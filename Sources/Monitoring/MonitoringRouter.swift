import KSPMCore

/// One answer of the endpoint: a status code and a JSON body, or a Prometheus text body.
public struct MonitoringResponse: Sendable, Equatable {
  public var status: Int
  public var body: JSONValue
  /// Methods to list in `Allow` (a 405).
  public var allow: [String] = []
  /// A Prometheus text exposition, sent instead of `body` when set.
  public var text: String? = nil
}

/// Which answer a request gets: `GET /`, `/stats`, `/metrics`, `/healthz`, `/readyz`; other paths 404, other
/// methods 405. The query string is ignored (libbeat accepts `?pretty`).
public struct MonitoringRouter: Sendable {
  public let monitor: EngineMonitor

  public init(monitor: EngineMonitor) {
    self.monitor = monitor
  }

  public static let paths: Set<String> = ["/", "/stats", "/metrics", "/healthz", "/readyz"]

  public func respond(method: String, uri: String) -> MonitoringResponse {
    let path = String(uri.prefix { $0 != "?" && $0 != "#" })
    guard Self.paths.contains(path) else {
      return MonitoringResponse(status: 404, body: ["error": .string("not found: \(path)")])
    }
    guard method == "GET" else {
      return MonitoringResponse(status: 405, body: ["error": .string("method \(method) not allowed")], allow: ["GET"])
    }
    let snapshot = monitor.snapshot()
    switch path {
    case "/stats":
      return MonitoringResponse(status: 200, body: MonitoringDocuments.stats(monitor.info, snapshot: snapshot))
    case "/metrics":
      return MonitoringResponse(status: 200, body: .null, text: PrometheusMetrics.text(snapshot))
    case "/healthz": return probe(Probes.livenessProblem(snapshot), failing: "unhealthy")
    case "/readyz": return probe(Probes.readinessProblem(snapshot), failing: "not ready")
    default: return MonitoringResponse(status: 200, body: MonitoringDocuments.root(monitor.info, snapshot: snapshot))
    }
  }

  func probe(_ problem: String?, failing: String) -> MonitoringResponse {
    MonitoringResponse(
      status: problem == nil ? 200 : 503, body: MonitoringDocuments.probe(problem: problem, failing: failing))
  }
}
