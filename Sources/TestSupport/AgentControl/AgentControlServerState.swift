import AgentControl
import Foundation
import Synchronization

/// One observed checkin the control server received.
public struct RecordedCheckin: Sendable {
  public var message: Proto_CheckinObserved
  /// When it arrived.
  public var at: ContinuousClock.Instant
  /// Which CheckinV2 stream carried it (1 for the first stream the server accepted).
  public var stream: Int
}

/// What the control server saw and what it is to send.
struct AgentControlServerState: Sendable {
  var expected = Proto_CheckinExpected()
  var checkins: [RecordedCheckin] = []
  var streams = 0
  var checkinPushes: [Int: AsyncStream<Proto_CheckinExpected>.Continuation] = [:]
  var actionPushes: [Int: AsyncStream<Proto_ActionRequest>.Continuation] = [:]
  var actionResponses: [Proto_ActionResponse] = []
  var rejectedTokens: [String] = []
  var rejectedServerNames: [String?] = []
}

extension AgentControlServerState {
  /// What the agent does after an observed checkin: units expected and observed STOPPED are
  /// removed from the expected state; if the units are then unsettled (a unit missing or extra,
  /// another state or configuration index than expected, other feature or component indexes), the
  /// expected state to send again (without configurations the component already has).
  mutating func settle(after observed: Proto_CheckinObserved) -> Proto_CheckinExpected? {
    let reported = Dictionary(
      observed.units.map { ("\($0.type.rawValue)/\($0.id)", $0) }, uniquingKeysWith: { _, last in last })
    let before = expected.units.count
    expected.units.removeAll { unit in
      unit.state == .stopped && reported["\(unit.type.rawValue)/\(unit.id)"]?.state == .stopped
    }
    let dropped = expected.units.count != before
    let unsettled =
      observed.units.count != expected.units.count || observed.featuresIdx != expected.featuresIdx
      || observed.componentIdx != expected.componentIdx
      || expected.units.contains { unit in
        guard let seen = reported["\(unit.type.rawValue)/\(unit.id)"] else { return true }
        return seen.configStateIdx != unit.configStateIdx || seen.state != unit.state
      }
    guard dropped || unsettled else { return nil }
    var message = expected
    for index in message.units.indices {
      let unit = message.units[index]
      if reported["\(unit.type.rawValue)/\(unit.id)"]?.configStateIdx == unit.configStateIdx {
        message.units[index].clearConfig()
      }
    }
    return message
  }
}

/// The state, shared by the server object and the service that records into it.
final class SharedServerState: Sendable {
  private let mutex = Mutex(AgentControlServerState())

  func withLock<T: Sendable>(_ body: (inout AgentControlServerState) -> T) -> T {
    mutex.withLock { body(&$0) }
  }
}
