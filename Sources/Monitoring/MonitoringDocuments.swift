import KSPMCore
import Output

/// The JSON bodies of the endpoint, in libbeat's shapes where libbeat has one (see the README's
/// "Monitoring endpoint").
public enum MonitoringDocuments {
  /// `GET /`: who this is.
  public static func root(_ info: BeatInfo, snapshot: MonitorSnapshot) -> JSONValue {
    [
      "beat": .string(info.beat), "name": .string(info.name), "hostname": .string(info.hostname),
      "version": .string(info.version), "uuid": snapshot.record.agentID.map(JSONValue.string) ?? .null,
      "ephemeral_id": .string(info.ephemeralID),
    ]
  }

  /// `GET /stats`: uptime, cycles, output, leadership, and libbeat's counters where they map.
  public static func stats(_ info: BeatInfo, snapshot: MonitorSnapshot) -> JSONValue {
    let uptime: JSONValue = ["ms": .int(milliseconds(snapshot.uptime))]
    return [
      "beat": [
        "info": [
          "name": .string(info.name), "version": .string(info.version), "ephemeral_id": .string(info.ephemeralID),
          "uptime": uptime,
        ]
      ],
      "kspmbeat": [
        "uptime": uptime, "cycles": cycles(snapshot.record), "output": output(snapshot),
        "leadership": leadership(snapshot),
      ],
      "libbeat": libbeat(snapshot),
    ]
  }

  static func cycles(_ record: MonitorRecord) -> JSONValue {
    var last = JSONValue.null
    if let cycle = record.lastCycle {
      last = [
        "sequence": .int(cycle.sequence), "trigger": .string(cycle.trigger.rawValue),
        "duration": ["ms": .int(milliseconds(cycle.duration))], "resources": .int(Int64(cycle.resources)),
        "findings": ["passed": .int(Int64(cycle.passed)), "failed": .int(Int64(cycle.failed))],
        "errors": .int(Int64(cycle.errors)),
        "collection": [
          "health": .string(cycle.collectionProblem == nil ? "healthy" : "degraded"),
          "reason": cycle.collectionProblem.map(JSONValue.string) ?? .null,
        ],
      ]
    }
    return [
      "count": .int(Int64(record.cycles)), "running": .bool(record.running != nil),
      "findings": .int(Int64(record.findings)), "last": last,
    ]
  }

  static func output(_ snapshot: MonitorSnapshot) -> JSONValue {
    var health = "\(snapshot.health)"
    var reason = JSONValue.null
    if case .degraded(let why) = snapshot.health {
      health = "degraded"
      reason = .string(why)
    }
    var events = JSONValue.null
    if let s = snapshot.statistics {
      events = [
        "delivered": count(s.delivered), "duplicates": count(s.duplicates), "retries": count(s.retries),
        "dropped": count(s.dropped), "pending": count(s.pending),
      ]
    }
    return [
      "name": .string(snapshot.output), "health": .string(health), "reason": reason,
      "queued": count(snapshot.queued), "events": events,
    ]
  }

  static func leadership(_ snapshot: MonitorSnapshot) -> JSONValue {
    let state: String
    var leader = JSONValue.null
    switch snapshot.record.leadership {
    case nil: state = "unknown"
    case .campaigning: state = "campaigning"
    case .acquired: state = "leader"
    case .lost: state = "follower"
    case .observed(let identity):
      state = "follower"
      leader = .string(identity)
    case .standalone: state = "standalone"
    }
    return [
      "leader": .bool(snapshot.isLeader), "state": .string(state),
      "lease": snapshot.record.lease.map(JSONValue.string) ?? .null, "observed_leader": leader,
    ]
  }

  /// libbeat's names: `acked` (stored, duplicates included), `failed` (re-sends), `dropped`,
  /// `total` (handed to the output); `null` for outputs that keep no counters.
  static func libbeat(_ snapshot: MonitorSnapshot) -> JSONValue {
    var events = JSONValue.null
    if let s = snapshot.statistics {
      events = [
        "acked": count(s.delivered + s.duplicates), "failed": count(s.retries), "dropped": count(s.dropped),
        "duplicates": count(s.duplicates), "total": count(s.accepted), "active": count(s.pending),
      ]
    }
    return [
      "output": ["type": .string(snapshot.output), "events": events],
      "pipeline": [
        "events": ["published": .int(Int64(snapshot.record.findings))],
        "queue": ["filled": ["events": count(snapshot.queued)], "max_events": count(snapshot.queueCapacity)],
      ],
    ]
  }

  /// A probe's answer: `{"status": "ok"}` or `{"status": "…", "reason": "…"}`.
  public static func probe(problem: String?, failing status: String) -> JSONValue {
    guard let problem else { return ["status": "ok"] }
    return ["status": .string(status), "reason": .string(problem)]
  }

  static func count(_ value: Int) -> JSONValue { .int(Int64(value)) }

  static func milliseconds(_ duration: Duration) -> Int64 { Int64(duration / .milliseconds(1)) }
}
