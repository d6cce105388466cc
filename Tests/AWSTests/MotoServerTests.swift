import Foundation
import TestSupport
import Testing

/// The moto test server: found on the PATH (or a clear message how to install it), started,
/// and really stopped.
@Suite struct MotoServerTests {
  @Test func aMissingMotoServerSaysHowToInstallIt() throws {
    let error = try #require(throws: MotoServer.Failure.self) {
      try MotoServer.executablePath(searchPath: "/nonexistent-folder")
    }
    #expect("\(error)".contains("pip install 'moto[server]'"))
  }

  @Test func shutdownStopsTheServer() async throws {
    let server = try await MotoServer.start()
    let port = server.port
    let answer = try await LoopbackHTTPClient.request(port: port, method: "GET", path: "/moto-api/")
    #expect(answer.status == 200)
    #expect(server.isRunning)
    await server.shutdown()
    #expect(!server.isRunning)
    await #expect(throws: (any Error).self) {
      _ = try await LoopbackHTTPClient.request(port: port, method: "GET", path: "/moto-api/")
    }
  }
}
