import Foundation

/// Runs a program to completion for a test, capturing its output through files, without blocking
/// a thread of the Swift concurrency pool while it runs.
public enum ChildProcess {
  /// The exit status and the captured standard output and error.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// `lowPriority` runs the program under `nice -n 19`: for heavy independent checkers (a
  /// browser, python, kubectl) whose CPU would otherwise starve the timing-sensitive tests that
  /// run beside them on a small machine; they still get every idle cycle.
  public static func run(
    _ executable: String, arguments: [String], environment: [String: String]? = nil, lowPriority: Bool = false
  ) async throws -> Result {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("out")
    let errURL = folder.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    if lowPriority {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
      process.arguments = ["-n", "19", executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    if let environment { process.environment = environment }
    process.standardOutput = out
    process.standardError = err
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
    try out.close()
    try err.close()
    return Result(
      status: status, stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8))
  }
}
