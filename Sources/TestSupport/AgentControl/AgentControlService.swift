import AgentControl
import GRPCCore
import Synchronization

/// The agent's side of `CheckinV2` and `Actions`: checks the token on the first message of each
/// stream, records observed checkins, answers the first with the whole expected state and then
/// sends what the test pushes. Like the agent, it sends the expected state again after every
/// observed checkin while the units are not settled, and drops a unit once it is observed STOPPED
/// as expected.
struct AgentControlService: Proto_ElasticAgent.SimpleServiceProtocol {
  let token: String
  let state: SharedServerState

  func checkinV2(
    request: RPCAsyncSequence<Proto_CheckinObserved, any Error>, response: RPCWriter<Proto_CheckinExpected>,
    context: ServerContext
  ) async throws {
    var messages = request.makeAsyncIterator()
    guard let first = try await messages.next() else { return }
    try checkToken(first.token)
    let (pushes, push) = AsyncStream<Proto_CheckinExpected>.makeStream()
    let (stream, expected) = state.withLock { state in
      state.streams += 1
      state.checkins.append(RecordedCheckin(message: first, at: .now, stream: state.streams))
      state.checkinPushes[state.streams] = push
      return (state.streams, state.expected)
    }
    defer { _ = state.withLock { $0.checkinPushes.removeValue(forKey: stream) } }
    try await response.write(expected)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { for await message in pushes { try await response.write(message) } }
      while let message = try await messages.next() {
        let resend = state.withLock { state -> Proto_CheckinExpected? in
          state.checkins.append(RecordedCheckin(message: message, at: .now, stream: stream))
          return state.settle(after: message)
        }
        if let resend { push.yield(resend) }
      }
      group.cancelAll()
    }
  }

  func actions(
    request: RPCAsyncSequence<Proto_ActionResponse, any Error>, response: RPCWriter<Proto_ActionRequest>,
    context: ServerContext
  ) async throws {
    var messages = request.makeAsyncIterator()
    guard let first = try await messages.next() else { return }
    try checkToken(first.token)
    guard first.id == "init" else { throw RPCError(code: .invalidArgument, message: "first message must be init") }
    let (pushes, push) = AsyncStream<Proto_ActionRequest>.makeStream()
    let id = state.withLock { state in
      let id = (state.actionPushes.keys.max() ?? 0) + 1
      state.actionPushes[id] = push
      return id
    }
    defer { _ = state.withLock { $0.actionPushes.removeValue(forKey: id) } }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { for await message in pushes { try await response.write(message) } }
      while let message = try await messages.next() {
        state.withLock { $0.actionResponses.append(message) }
      }
      group.cancelAll()
    }
  }

  /// The first message of each stream carries the token the agent gave in StartUpInfo; any other
  /// is recorded and refused, as the agent does.
  private func checkToken(_ presented: String) throws {
    guard presented == token else {
      state.withLock { $0.rejectedTokens.append(presented) }
      throw RPCError(code: .permissionDenied, message: "invalid token")
    }
  }
}
