/// Why a configuration could not be loaded: where the value came from, which setting, and why.
///
/// `description` reads `<source>: <key.path>: <reason>`, e.g.
/// `kspmbeat.yml: kspmbeat.leader_election.lease_duration: "abc" is not a duration (use 30s, 1m, 4h)`.
/// The source is the file name, or `-E <key>` when the offending value came from a command-line override.
/// Errors never contain the value of a secret setting.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file name, `-E <key>` for an override, or `-E` for a malformed override argument.
  public var source: String
  /// The dotted path of the setting (`output.elasticsearch.hosts[0]`); empty when the whole text is at fault.
  public var keyPath: String
  /// What is wrong, in words.
  public var reason: String
  /// The line of the file the setting is on, when known (`exceptions.yaml:12: …`).
  public var line: Int?

  public init(source: String, keyPath: String, reason: String, line: Int? = nil) {
    self.source = source
    self.keyPath = keyPath
    self.reason = reason
    self.line = line
  }

  public var description: String {
    let source = line.map { "\(self.source):\($0)" } ?? self.source
    // An override already names its key (`-E kspmbeat.period: …`); say it once.
    if keyPath.isEmpty || source == "-E \(keyPath)" { return "\(source): \(Self.shortened(reason, limit: 600))" }
    return "\(source): \(Self.shortened(keyPath)): \(Self.shortened(reason, limit: 600))"
  }

  /// `text` cut to `limit` characters with a marker: a key path or reason built from hostile
  /// input (a 20 KB key) must not flood the log.
  static func shortened(_ text: String, limit: Int = 200) -> String {
    text.count > limit ? text.prefix(limit - 3) + "..." : text
  }
}
