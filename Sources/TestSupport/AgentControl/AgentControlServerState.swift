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

/// The state, shared by the server object and the service that records into it.
final class SharedServerState: Sendable {
  private let mutex = Mutex(AgentControlServerState())

  func withLock<T: Sendable>(_ body: (inout AgentControlServerState) -> T) -> T {
    mutex.withLock { body(&$0) }
  }
}
