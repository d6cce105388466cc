import KSPMCore

/// One `CheckinExpected` from the agent: the units this component should run and the indexes it
/// echoes back.
public struct ExpectedState: Sendable, Hashable {
  public var units: [ExpectedUnit]
  /// The agent running the component, when the message carried it.
  public var agentInfo: AgentInfo?
  /// Index of the feature flags; echoed in every observed checkin.
  public var featuresIdx: UInt64
  /// Whether `host.name` should be the FQDN, when the message carried feature flags.
  public var fqdnEnabled: Bool?
  /// Index of the component settings (limits, APM); echoed in every observed checkin.
  public var componentIdx: UInt64

  public init(
    units: [ExpectedUnit], agentInfo: AgentInfo? = nil, featuresIdx: UInt64 = 0, fqdnEnabled: Bool? = nil,
    componentIdx: UInt64 = 0
  ) {
    self.units = units
    self.agentInfo = agentInfo
    self.featuresIdx = featuresIdx
    self.fqdnEnabled = fqdnEnabled
    self.componentIdx = componentIdx
  }

  init(_ message: Proto_CheckinExpected) {
    self.init(
      units: message.units.map(ExpectedUnit.init), agentInfo: message.hasAgentInfo ? AgentInfo(message.agentInfo) : nil,
      featuresIdx: message.featuresIdx, fqdnEnabled: message.hasFeatures ? message.features.fqdn.enabled : nil,
      componentIdx: message.componentIdx)
  }
}

/// One unit the agent expects: running (`healthy`) or stopped (`stopped`).
public struct ExpectedUnit: Sendable, Hashable {
  public var id: String
  public var type: UnitType
  public var state: UnitState
  public var logLevel: UnitLogLevel
  /// Index of the configuration; 0 until the unit has one.
  public var configStateIdx: UInt64
  /// The configuration, omitted by the agent when the component already reports `configStateIdx`.
  public var config: UnitConfig?

  /// Type and id together, how units are keyed.
  public var key: UnitKey { UnitKey(type: type, id: id) }

  public init(
    id: String, type: UnitType, state: UnitState = .healthy, logLevel: UnitLogLevel = .info,
    configStateIdx: UInt64 = 0, config: UnitConfig? = nil
  ) {
    self.id = id
    self.type = type
    self.state = state
    self.logLevel = logLevel
    self.configStateIdx = configStateIdx
    self.config = config
  }

  init(_ message: Proto_UnitExpected) {
    self.init(
      id: message.id, type: UnitType(message.type), state: UnitState(message.state),
      logLevel: UnitLogLevel(rawValue: message.logLevel.rawValue) ?? .info, configStateIdx: message.configStateIdx,
      config: message.hasConfig ? UnitConfig(message.config) : nil)
  }
}

/// A unit's configuration: the whole map the agent sent (`source`) and the fields it decoded.
public struct UnitConfig: Sendable, Hashable {
  /// The full raw configuration (`UnitExpectedConfig.source`).
  public var source: JSONValue
  public var id: String
  public var type: String
  public var name: String
  public var revision: UInt64
  /// `meta.package`, when present.
  public var package: Package?
  public var dataStream: DataStream?
  public var streams: [Stream]

  /// The integration package an input belongs to.
  public struct Package: Sendable, Hashable {
    public var name: String
    public var version: String
  }

  /// Where a unit's or stream's events go.
  public struct DataStream: Sendable, Hashable {
    public var type: String
    public var dataset: String
    public var namespace: String
  }

  /// One stream of an input unit.
  public struct Stream: Sendable, Hashable {
    public var id: String
    public var dataStream: DataStream?
    /// The stream's whole configuration.
    public var source: JSONValue
  }

  init(_ message: Proto_UnitExpectedConfig) {
    source = message.hasSource ? JSONValue(protobufStruct: message.source) : .object(JSONObject())
    id = message.id
    type = message.type
    name = message.name
    revision = message.revision
    package =
      message.hasMeta && message.meta.hasPackage
      ? Package(name: message.meta.package.name, version: message.meta.package.version) : nil
    dataStream = message.hasDataStream ? DataStream(message.dataStream) : nil
    streams = message.streams.map { stream in
      Stream(
        id: stream.id, dataStream: stream.hasDataStream ? DataStream(stream.dataStream) : nil,
        source: stream.hasSource ? JSONValue(protobufStruct: stream.source) : .object(JSONObject()))
    }
  }
}

extension UnitConfig.DataStream {
  init(_ message: Proto_DataStream) {
    self.init(type: message.type, dataset: message.dataset, namespace: message.namespace)
  }
}
