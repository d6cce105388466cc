/// `management.*`: whether Elastic Agent manages this process (set by the agent's spec arguments).
public struct ManagementConfig: Sendable, Equatable {
  /// `management.enabled` [false]: the configuration comes from the agent's units; no output
  /// section is required (the agent's output unit supplies it).
  public var enabled: Bool
  /// `management.restart_on_output_change` [false]: the agent restarts the process when the output
  /// changes, so the process need not swap outputs itself.
  public var restartOnOutputChange: Bool

  public init(enabled: Bool = false, restartOnOutputChange: Bool = false) {
    self.enabled = enabled
    self.restartOnOutputChange = restartOnOutputChange
  }
}

extension ManagementConfig {
  static func read(_ section: ConfigSection?) throws(ConfigError) -> ManagementConfig {
    guard let section else { return ManagementConfig() }
    section.warnUnknown(["enabled", "restart_on_output_change"])
    return ManagementConfig(
      enabled: try section.bool("enabled") ?? false,
      restartOnOutputChange: try section.bool("restart_on_output_change") ?? false)
  }
}
