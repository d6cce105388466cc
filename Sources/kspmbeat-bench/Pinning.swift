import Foundation

/// Runs programs pinned to one core with `taskset -c`, when it is installed (else unpinned).
enum Pinning {
  static let taskset = "/usr/bin/taskset"

  /// This benchmark's own executable.
  static var benchmark: String { URL(fileURLWithPath: CommandLine.arguments[0]).path }

  /// The executable and arguments that run `program` with `arguments` on `core`.
  static func command(core: Int, program: String, arguments: [String]) -> (executable: String, arguments: [String]) {
    guard FileManager.default.isExecutableFile(atPath: taskset) else { return (program, arguments) }
    return (taskset, ["-c", String(core), program] + arguments)
  }

  /// Sets `process` up to run `program` (default: this benchmark) with `arguments` on `core`.
  static func configure(_ process: Process, core: Int, program: String = benchmark, arguments: [String]) {
    let (executable, allArguments) = command(core: core, program: program, arguments: arguments)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = allArguments
  }
}
