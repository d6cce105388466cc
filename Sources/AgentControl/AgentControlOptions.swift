/// How the control client checks in and reconnects.
public struct AgentControlOptions: Sendable {
  /// Who this component is; sent on the first observed checkin of each stream.
  public var versionInfo: VersionInfo
  /// Longest gap between observed checkins (the agent wants one at least every 30 s).
  public var checkinInterval: Duration
  /// First wait before re-opening a broken stream; also how long a stream must live for the wait
  /// to start over from here.
  public var initialBackoff: Duration
  /// The wait doubles while streams keep breaking at once, up to this.
  public var maxBackoff: Duration

  public init(
    versionInfo: VersionInfo = VersionInfo(), checkinInterval: Duration = .seconds(25),
    initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30)
  ) {
    self.versionInfo = versionInfo
    self.checkinInterval = checkinInterval
    self.initialBackoff = initialBackoff
    self.maxBackoff = maxBackoff
  }
}

/// What happened to the control connection, for logs and tests.
public enum AgentControlEvent: Sendable, Hashable {
  /// The agent answered the first checkin of a new stream.
  case connected
  /// A stream ended or could not be opened; the text says why.
  case disconnected(String)
  /// The next attempt starts after this wait.
  case retrying(after: Duration)
}

/// Reasons the control client cannot start.
public enum AgentControlError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The agent did not grant the CheckinV2 service.
  case checkinV2NotGranted
  /// `StartUpInfo.addr` is not a target this client can reach.
  case unsupportedAddress(String)

  public var description: String {
    switch self {
    case .checkinV2NotGranted: return "the agent did not grant the CheckinV2 service"
    case .unsupportedAddress(let address): return "unsupported agent address \(address)"
    }
  }
}
