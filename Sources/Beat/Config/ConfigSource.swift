/// A new configuration from a ``ConfigSource``: valid (and validated), or refused with the reason.
public enum ConfigUpdate: Sendable, Equatable {
  case valid(KSPMBeatConfig)
  /// The reason names the source, the setting and what is wrong; it never quotes secrets.
  case invalid(String)
}

/// Where configurations come from after the first: the file and `-E` (on SIGHUP or a change of
/// the file), and, under Elastic Agent, the agent's unit configurations.
public protocol ConfigSource: Sendable {
  /// Watches until the task is cancelled, handing each new configuration to `deliver`.
  func watch(_ deliver: @escaping @Sendable (ConfigUpdate) -> Void) async
}
