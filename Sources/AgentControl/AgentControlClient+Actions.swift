import Foundation
import GRPCCore
import KSPMCore

extension AgentControlClient {
  /// One `Actions` stream: the `init` response first, then requests in and their answers out.
  /// Answers not yet written when the stream breaks are sent on the next one.
  func actionsStream(_ agent: Proto_ElasticAgent.Client<some ClientTransport>) async throws {
    let (triggers, trigger) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    state.withLock { $0.actionsTrigger = trigger }
    defer {
      state.withLock { $0.actionsTrigger = nil }
      trigger.finish()
    }
    let token = info.token
    try await agent.actions { writer in
      var hello = Proto_ActionResponse()
      hello.token = token
      hello.id = "init"
      hello.status = .success
      hello.result = Data("{}".utf8)
      try await writer.write(hello)
      trigger.yield()
      for await _ in triggers {
        while let next = self.state.withLock({ $0.pendingResponses.first }) {
          try await writer.write(next)
          self.state.withLock { state in
            if state.pendingResponses.first?.id == next.id { state.pendingResponses.removeFirst() }
          }
        }
      }
    } onResponse: { response in
      defer { trigger.finish() }
      try await withThrowingTaskGroup(of: Void.self) { group in
        for try await message in response.messages {
          group.addTask { await self.answer(ActionRequest(message)) }
        }
        try await group.waitForAll()
      }
    }
  }

  /// Runs the handler for `request` and queues its answer.
  func answer(_ request: ActionRequest) async {
    let result: ActionResult
    let handlers = state.withLock { ($0.customHandlers, $0.diagnosticsHandler) }
    switch request.kind {
    case .custom:
      if let handler = handlers.0[request.name] {
        result = await handler(request)
      } else {
        result = .failed("action undefined")
      }
    case .diagnostics:
      if let handler = handlers.1 {
        result = await handler(request)
      } else {
        result = .failed("diagnostics not implemented")
      }
    }
    let response = result.response(token: info.token, id: request.id)
    state.withLock { state in
      state.pendingResponses.append(response)
      state.actionsTrigger?.yield()
    }
  }
}
