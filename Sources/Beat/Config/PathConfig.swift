/// `path.*`: libbeat's folders. Only `path.data` is read (Elastic Agent passes the component's
/// working folder there); `path.home`, `path.config` and `path.logs` are accepted and unused.
public struct PathConfig: Sendable, Equatable {
  /// `path.data` (`~` expanded); `nil` when not set.
  public var data: String?

  public init(data: String? = nil) {
    self.data = data
  }
}

extension PathConfig {
  static func read(_ section: ConfigSection?) throws(ConfigError) -> PathConfig {
    guard let section else { return PathConfig() }
    section.warnUnknown(["data", "home", "config", "logs"])
    return PathConfig(data: try section.path("data"))
  }
}
