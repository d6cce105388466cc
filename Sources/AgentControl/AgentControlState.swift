import Synchronization

/// The client's mutable state, shared by the caller and the streams.
struct AgentControlState: Sendable {
  var units: [UnitKey: ObservedUnit] = [:]
  var featuresIdx: UInt64 = 0
  var componentIdx: UInt64 = 0
  /// Wakes the current checkin stream to send an observed message now.
  var checkinTrigger: AsyncStream<Void>.Continuation?
  /// Wakes the current actions stream to send pending responses.
  var actionsTrigger: AsyncStream<Void>.Continuation?
  /// Responses not yet written; kept across reconnects.
  var pendingResponses: [Proto_ActionResponse] = []
  var customHandlers: [String: ActionHandler] = [:]
  var diagnosticsHandler: ActionHandler?
  /// Counts changes of `units`; `sentGeneration` is the count the last written checkin carried.
  var generation: UInt64 = 0
  var sentGeneration: UInt64 = 0

  /// The observed message for the current units and indexes.
  func observed(token: String, versionInfo: VersionInfo?, pid: UInt64) -> Proto_CheckinObserved {
    var message = Proto_CheckinObserved()
    message.token = token
    message.units = units.values.sorted { ($0.type.rawValue, $0.id) < ($1.type.rawValue, $1.id) }.map(
      \.protobufMessage)
    message.featuresIdx = featuresIdx
    message.componentIdx = componentIdx
    if let versionInfo {
      message.versionInfo = versionInfo.protobufMessage
      message.pid = pid
    }
    return message
  }
}
