import Foundation
import GRPCCore

extension AgentControlClient {
  /// One `CheckinV2` stream: observed messages out (the first with version info, then on every
  /// change and at least every `checkinInterval`), expected messages in.
  func checkinStream(_ agent: Proto_ElasticAgent.Client<some ClientTransport>) async throws {
    let (triggers, trigger) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    state.withLock { $0.checkinTrigger = trigger }
    defer {
      state.withLock { $0.checkinTrigger = nil }
      trigger.finish()
    }
    let interval = options.checkinInterval
    let heartbeat = Task {
      while !Task.isCancelled {
        try? await Task.sleep(for: interval)
        trigger.yield()
      }
    }
    defer { heartbeat.cancel() }
    let token = info.token
    let versionInfo = options.versionInfo
    let pid = UInt64(ProcessInfo.processInfo.processIdentifier)
    try await agent.checkinV2 { writer in
      var info: VersionInfo? = versionInfo
      try await self.writeObserved(writer, token: token, versionInfo: info, pid: pid)
      info = nil
      for await _ in triggers {
        try await self.writeObserved(writer, token: token, versionInfo: info, pid: pid)
      }
    } onResponse: { response in
      defer { trigger.finish() }
      var first = true
      for try await message in response.messages {
        if first {
          first = false
          self.eventsContinuation.yield(.connected)
        }
        self.receive(message)
      }
    }
  }

  /// Writes the observed state as it is now and records which change it carried.
  private func writeObserved(
    _ writer: RPCWriter<Proto_CheckinObserved>, token: String, versionInfo: VersionInfo?, pid: UInt64
  ) async throws {
    let (message, generation) = state.withLock {
      ($0.observed(token: token, versionInfo: versionInfo, pid: pid), $0.generation)
    }
    try await writer.write(message)
    state.withLock { $0.sentGeneration = max($0.sentGeneration, generation) }
  }

  /// Keeps the indexes to echo and hands the expected state to the caller.
  private func receive(_ message: Proto_CheckinExpected) {
    state.withLock { state in
      state.featuresIdx = message.featuresIdx
      state.componentIdx = message.componentIdx
    }
    expectedContinuation.yield(ExpectedState(message))
  }
}
