import Findings
import Foundation
import KSPMCore
import Logging
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A swift-log handler writing one ECS JSON document per line (`@timestamp`, `log.level`,
/// `message`, `log.logger`, `service.name`, metadata as `kspmbeat.*`), the shape Elastic Agent and
/// Filebeat ingest; or, for a person at a terminal, a plain `time level message key=value` line.
public struct ECSLogHandler: LogHandler {
  public enum Style: Sendable {
    case json
    case plain
  }

  public var metadata: Logger.Metadata = [:]
  /// The level of `levelControl` (or info without one) until a logger sets its own.
  public var logLevel: Logger.Level {
    get { ownLevel ?? levelControl?.level ?? .info }
    set { ownLevel = newValue }
  }
  /// The shared, changeable process level this handler follows.
  public var levelControl: LogLevelControl?
  private var ownLevel: Logger.Level?
  public let label: String
  public let style: Style
  /// Masks secrets in every message and metadata value.
  public let redactor: SecretRedactor?
  private let sink: @Sendable (String) -> Void

  /// `sink` receives each line without its newline (standard error by default).
  public init(
    label: String, style: Style, redactor: SecretRedactor? = nil, sink: (@Sendable (String) -> Void)? = nil
  ) {
    self.label = label
    self.style = style
    self.redactor = redactor
    self.sink = sink ?? { line in Console.error(line) }
  }

  /// JSON when standard error is not a terminal, plain text when it is.
  public static func automaticStyle() -> Style { isatty(2) == 1 ? .plain : .json }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var merged = metadata
    if let extra = event.metadata { merged.merge(extra) { $1 } }
    let now = Date()
    let message = redactor.map { $0.redact(event.message.description) } ?? event.message.description
    if let redactor { merged = merged.mapValues { Self.redact($0, with: redactor) } }
    switch style {
    case .json:
      var o = JSONObject()
      o.appendUnchecked("@timestamp", .string(Timestamp.milliseconds(now)))
      o.appendUnchecked("log.level", .string(event.level.rawValue))
      o.appendUnchecked("message", .string(message))
      o.appendUnchecked("log.logger", .string(label))
      o.appendUnchecked("service.name", "kspmbeat")
      o.appendUnchecked("ecs.version", "1.6.0")
      if !merged.isEmpty {
        var fields = JSONObject()
        for key in merged.keys.sorted() { fields.appendUnchecked(key, Self.json(merged[key]!)) }
        o.appendUnchecked("kspmbeat", .object(fields))
      }
      sink(JSONWriter.string(.object(o)))
    case .plain:
      var line = "\(Timestamp.milliseconds(now)) \(event.level.rawValue.uppercased()) \(message)"
      for key in merged.keys.sorted() { line += " \(key)=\(merged[key]!)" }
      sink(line)
    }
  }

  static func redact(_ value: Logger.Metadata.Value, with redactor: SecretRedactor) -> Logger.Metadata.Value {
    switch value {
    case .string(let s): return .string(redactor.redact(s))
    case .stringConvertible(let c): return .string(redactor.redact(c.description))
    case .array(let a): return .array(a.map { redact($0, with: redactor) })
    case .dictionary(let d): return .dictionary(d.mapValues { redact($0, with: redactor) })
    }
  }

  static func json(_ value: Logger.Metadata.Value) -> JSONValue {
    switch value {
    case .string(let s): return Int64(s).map(JSONValue.int) ?? .string(s)
    case .stringConvertible(let c): return .string(c.description)
    case .array(let a): return .array(a.map(json))
    case .dictionary(let d): return .object(JSONObject(d.keys.sorted().map { .init(key: $0, value: json(d[$0]!)) }))
    }
  }
}
