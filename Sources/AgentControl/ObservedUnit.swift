import KSPMCore

/// A unit's state as this component reports it in every observed checkin.
public struct ObservedUnit: Sendable, Hashable {
  public var id: String
  public var type: UnitType
  public var state: UnitState
  public var message: String
  /// The configuration index the unit has received (echo the expected one; 0 when none yet).
  public var configStateIdx: UInt64
  /// Extra details for the agent (an object), if any.
  public var payload: JSONValue?

  /// Type and id together, how units are keyed.
  public var key: UnitKey { UnitKey(type: type, id: id) }

  public init(
    id: String, type: UnitType, state: UnitState, message: String, configStateIdx: UInt64 = 0,
    payload: JSONValue? = nil
  ) {
    self.id = id
    self.type = type
    self.state = state
    self.message = message
    self.configStateIdx = configStateIdx
    self.payload = payload
  }

  var protobufMessage: Proto_UnitObserved {
    var unit = Proto_UnitObserved()
    unit.id = id
    unit.type = type.message
    unit.state = state.message
    unit.message = message
    unit.configStateIdx = configStateIdx
    if let payload = payload?.protobufStruct { unit.payload = payload }
    return unit
  }
}

/// Who this component is, sent on the first observed checkin of every stream.
public struct VersionInfo: Sendable, Hashable {
  public var name: String
  public var meta: [String: String]
  public var buildHash: String

  /// `name` defaults to what beats send.
  public init(name: String = "beat-v2-client", meta: [String: String] = [:], buildHash: String = "") {
    self.name = name
    self.meta = meta
    self.buildHash = buildHash
  }

  var protobufMessage: Proto_CheckinObservedVersionInfo {
    var info = Proto_CheckinObservedVersionInfo()
    info.name = name
    info.meta = meta
    info.buildHash = buildHash
    return info
  }
}
