/// The Elastic Agent that runs this component; components report the agent's version as their own.
public struct AgentInfo: Sendable, Hashable {
  public var id: String
  public var version: String
  public var snapshot: Bool
  /// Whether the agent is Fleet-managed (`false`: standalone).
  public var managed: Bool
  public var unprivileged: Bool

  public init(id: String, version: String, snapshot: Bool = false, managed: Bool = true, unprivileged: Bool = false) {
    self.id = id
    self.version = version
    self.snapshot = snapshot
    self.managed = managed
    self.unprivileged = unprivileged
  }

  init(_ message: Proto_AgentInfo) {
    self.init(
      id: message.id, version: message.version, snapshot: message.snapshot, managed: message.mode == .managed,
      unprivileged: message.unprivileged)
  }

  var message: Proto_AgentInfo {
    var message = Proto_AgentInfo()
    message.id = id
    message.version = version
    message.snapshot = snapshot
    message.mode = managed ? .managed : .standalone
    message.unprivileged = unprivileged
    return message
  }
}
