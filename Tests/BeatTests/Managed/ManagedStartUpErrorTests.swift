import Foundation
import TestSupport
import Testing

/// `management.enabled` outside Elastic Agent: a clear error and exit 1, never a hang or a crash.
@Suite struct ManagedStartUpErrorTests {
  @Test func emptyStandardInputSaysThatNoStartUpInfoCame() async throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let result = try await ChildProcess.run(
      "/bin/sh", arguments: ["-c", "'\(binary)' run --log-format plain -E management.enabled=true </dev/null"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("standard input held no StartUpInfo"), "\(result.stderr)")
  }

  @Test func garbageOnStandardInputIsAClearError() async throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let result = try await ChildProcess.run(
      "/bin/sh",
      arguments: ["-c", "printf '\\377\\377\\377' | '\(binary)' run --log-format plain -E management.enabled=true"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("could not read Elastic Agent's StartUpInfo"), "\(result.stderr)")
  }
}
