import Foundation
import TestSupport

/// Runs a python3 program with `arguments`; the report tests use python3's standard library (and
/// `jsonschema`, which `.ci/run` installs) as independent readers of what kspmbeat writes.
func runPython(_ program: String, _ arguments: [String]) async throws -> ChildProcess.Result {
  try await ChildProcess.run("/usr/bin/env", arguments: ["python3", "-c", program] + arguments, lowPriority: true)
}

/// `Tests/Fixtures/<name>`.
func fixture(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent(name)
}
