import AgentControl
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ActionTests {
  @Test func anUnknownActionFailsWithAMessage() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo()) { _, _, _ in
        var request = Proto_ActionRequest()
        request.id = "a-1"
        request.name = "no_such_action"
        request.type = .custom
        let response = try await server.perform(request)
        #expect(response.status == .failed)
        #expect(response.token == server.token)
        #expect(String(decoding: response.result, as: UTF8.self) == #"{"error":"action undefined"}"#)
      }
    }
  }

  @Test func aRegisteredActionAnswers() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo()) { client, _, _ in
        client.registerAction("echo") { request in
          .success(["params": .string(String(decoding: request.params, as: UTF8.self))])
        }
        var request = Proto_ActionRequest()
        request.id = "a-2"
        request.name = "echo"
        request.params = Data("{}".utf8)
        let response = try await server.perform(request)
        #expect(response.status == .success)
        #expect(String(decoding: response.result, as: UTF8.self) == #"{"params":"{}"}"#)
      }
    }
  }

  @Test func diagnosticsAreAnsweredWithFiles() async throws {
    try await withControlServer { server in
      try await withClient(server.startUpInfo()) { client, _, _ in
        client.registerDiagnostics { request in
          .diagnostics([
            DiagnosticFile(
              name: "state", filename: "state.json", description: "unit states", contentType: "application/json",
              content: Array(#"{"level":"\#(request.level)"}"#.utf8))
          ])
        }
        var request = Proto_ActionRequest()
        request.id = "d-1"
        request.type = .diagnostics
        request.level = .component
        let response = try await server.perform(request)
        #expect(response.status == .success)
        let file = try #require(response.diagnostic.first)
        #expect(file.name == "state")
        #expect(file.filename == "state.json")
        #expect(file.contentType == "application/json")
        #expect(String(decoding: file.content, as: UTF8.self) == #"{"level":"component"}"#)
        #expect(file.hasGenerated)
      }
    }
  }
}
