/// `logging.*`: the level the process logs at. libbeat's other logging keys (`to_stderr`,
/// `to_files`, `event_data.*`, `metrics.*`, `json`, `selectors`, …) are accepted and have no
/// effect: kspmbeat always writes ECS JSON lines to standard error.
public struct LoggingConfig: Sendable, Equatable {
  /// A level of `logging.level`, least to most verbose.
  public enum Level: String, Sendable, Equatable, CaseIterable {
    case error, warning, info, debug
  }

  /// `logging.level` [info].
  public var level: Level

  public init(level: Level = .info) {
    self.level = level
  }
}

extension LoggingConfig {
  /// libbeat's logging keys that kspmbeat accepts without acting on them.
  static let acceptedKeys: Set<String> = [
    "level", "selectors", "to_stderr", "to_syslog", "to_eventlog", "to_files", "files", "json", "ecs", "metrics",
    "event_data", "with_fields",
  ]

  static func read(_ section: ConfigSection?) throws(ConfigError) -> LoggingConfig {
    guard let section else { return LoggingConfig() }
    section.warnUnknown(acceptedKeys)
    guard let text = try section.nonEmptyString("level") else { return LoggingConfig() }
    guard let level = Level(rawValue: text.lowercased()) else {
      let names = Level.allCases.map(\.rawValue).joined(separator: ", ")
      throw section.error("level", "\(ConfigSection.quote(text)) is not one of \(names)")
    }
    return LoggingConfig(level: level)
  }
}
