/// Whether a unit is one policy input or the output the inputs use.
public enum UnitType: Int, Sendable, Hashable {
  case input = 0
  case output = 1
}

/// A unit's state, as the agent expects it or as the component observes it.
public enum UnitState: Int, Sendable, Hashable {
  case starting = 0
  case configuring = 1
  case healthy = 2
  case degraded = 3
  case failed = 4
  case stopping = 5
  case stopped = 6
}

/// The log level the agent asks a unit to log at.
public enum UnitLogLevel: Int, Sendable, Hashable, Comparable {
  case error = 0
  case warn = 1
  case info = 2
  case debug = 3
  case trace = 4

  public static func < (lhs: UnitLogLevel, rhs: UnitLogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies a unit: the agent keys units by type and id together.
public struct UnitKey: Sendable, Hashable {
  public var type: UnitType
  public var id: String

  public init(type: UnitType, id: String) {
    self.type = type
    self.id = id
  }
}

extension UnitType {
  init(_ value: Proto_UnitType) { self = UnitType(rawValue: value.rawValue) ?? .input }
  var message: Proto_UnitType { Proto_UnitType(rawValue: rawValue) ?? .input }
}

extension UnitState {
  init(_ value: Proto_State) { self = UnitState(rawValue: value.rawValue) ?? .failed }
  var message: Proto_State { Proto_State(rawValue: rawValue) ?? .failed }
}
