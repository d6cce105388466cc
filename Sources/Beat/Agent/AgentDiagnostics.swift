import AgentControl
import Engine
import Foundation
import KSPMCore
import Output

/// The files a DIAGNOSTICS action answers with: what Elastic Agent's diagnostics bundle shows an
/// operator about this process. Secrets never appear: keys that name one are masked, header
/// values too, and the text passes the redactor that knows every configured secret.
enum AgentDiagnostics {
  static func files(
    configuration: AgentConfiguration?, units: [(ExpectedUnit, UnitConfig?)], health: EngineHealth,
    redactor: SecretRedactor?, now: Date = Date()
  ) -> [DiagnosticFile] {
    func file(_ name: String, _ description: String, _ value: JSONValue) -> DiagnosticFile {
      var text = JSONWriter.string(value)
      if let redactor { text = redactor.redact(text) }
      return DiagnosticFile(
        name: name, filename: "kspmbeat-\(name).json", description: description, contentType: "application/json",
        content: Array(text.utf8), generated: now)
    }
    return [
      file(
        "config", "the units' configurations (secrets masked) and the settings in force", config(configuration, units)),
      file(
        "cycles", "the last benchmark cycles: duration, findings, resources and problems per collector", cycles(health)),
      file("output", "the output's health, queue and delivery counters", output(health)),
    ]
  }

  static func config(_ configuration: AgentConfiguration?, _ units: [(ExpectedUnit, UnitConfig?)]) -> JSONValue {
    var unitList: [JSONValue] = []
    for (unit, config) in units.sorted(by: { ($0.0.type.rawValue, $0.0.id) < ($1.0.type.rawValue, $1.0.id) }) {
      var o = JSONObject()
      o.appendUnchecked("id", .string(unit.id))
      o.appendUnchecked("type", .string(unit.type == .input ? "input" : "output"))
      o.appendUnchecked("expected_state", .string("\(unit.state)"))
      o.appendUnchecked("config_state_idx", .int(Int64(unit.configStateIdx)))
      o.appendUnchecked("config", config.map { masked($0.source) } ?? .null)
      unitList.append(.object(o))
    }
    var root = JSONObject()
    root.appendUnchecked("units", .array(unitList))
    if let configuration {
      let config = configuration.config
      var effective = JSONObject()
      effective.appendUnchecked("benchmark", .string(config.benchmark))
      effective.appendUnchecked("period", .string(DurationText.format(config.period)))
      effective.appendUnchecked(
        "data_stream", .string(CycleContext.dataStream(namespace: config.dataStreamNamespace)))
      effective.appendUnchecked("output", .string(outputSummary(config.output)))
      effective.appendUnchecked("queue_events", .int(Int64(config.queue.events)))
      effective.appendUnchecked("input", .string(configuration.context.inputID))
      if let id = configuration.context.packagePolicyID { effective.appendUnchecked("package_policy_id", .string(id)) }
      if let revision = configuration.context.packagePolicyRevision {
        effective.appendUnchecked("package_policy_revision", .int(Int64(revision)))
      }
      root.appendUnchecked("effective", .object(effective))
    } else {
      root.appendUnchecked("effective", .null)
    }
    return .object(root)
  }

  static func cycles(_ health: EngineHealth) -> JSONValue {
    .array(
      health.recentCycles.map { report in
        var o = JSONObject()
        o.appendUnchecked("sequence", .int(report.sequence))
        o.appendUnchecked("trigger", .string("\(report.trigger)"))
        o.appendUnchecked("duration_ms", .int(Int64(report.duration / .milliseconds(1))))
        o.appendUnchecked("passed", .int(Int64(report.passed)))
        o.appendUnchecked("failed", .int(Int64(report.failed)))
        o.appendUnchecked("not_evaluated", .int(Int64(report.notEvaluated)))
        o.appendUnchecked("collection_problem", report.collectionProblem.map(JSONValue.string) ?? .null)
        o.appendUnchecked(
          "collectors",
          .array(
            report.outcomes.map { outcome in
              var c = JSONObject()
              c.appendUnchecked("name", .string(outcome.name))
              c.appendUnchecked("resources", .int(Int64(outcome.resources)))
              c.appendUnchecked("findings", .int(Int64(outcome.findings)))
              c.appendUnchecked("warnings", .int(Int64(outcome.warnings)))
              c.appendUnchecked("failure", outcome.failure.map(JSONValue.string) ?? .null)
              return .object(c)
            }))
        return .object(o)
      })
  }

  static func output(_ health: EngineHealth) -> JSONValue {
    var o = JSONObject()
    o.appendUnchecked("health", .string(health.output.description))
    if let status = health.lastOutputStatus {
      o.appendUnchecked("output", .string(status.output))
      o.appendUnchecked("queued", .int(Int64(status.queued)))
      if let total = status.total {
        o.appendUnchecked(
          "total",
          [
            "accepted": .int(Int64(total.accepted)), "delivered": .int(Int64(total.delivered)),
            "duplicates": .int(Int64(total.duplicates)), "dropped": .int(Int64(total.dropped)),
            "retries": .int(Int64(total.retries)), "requests": .int(Int64(total.requests)),
            "failed_requests": .int(Int64(total.failedRequests)),
          ])
      }
    }
    return .object(o)
  }

  /// `value` with every value under a secret-looking key, and every header value, masked.
  static func masked(_ value: JSONValue, key: String = "") -> JSONValue {
    switch value {
    case .object(let object):
      var out = JSONObject()
      for member in object.members {
        if key.lowercased().hasSuffix("headers") || SecretRedactor.looksSecret(name: member.key) {
          out.appendUnchecked(member.key, member.value == .null ? .null : .string(SecretRedactor.mask))
        } else {
          out.appendUnchecked(member.key, masked(member.value, key: member.key))
        }
      }
      return .object(out)
    case .array(let items):
      return .array(items.map { masked($0, key: key) })
    default:
      return value
    }
  }

  static func outputSummary(_ output: OutputConfig) -> String {
    switch output {
    case .elasticsearch(let es): return "elasticsearch \(es.hosts.map(\.description).joined(separator: ", "))"
    case .file: return "file"
    case .console: return "console"
    case .elasticAgent: return "elastic agent (not yet given)"
    }
  }
}
