import Foundation

/// A test server in a child process of this benchmark (`--es-server`, `--k8s-server`), pinned to
/// a core. It prints one line when it is ready (its port), serves until its standard input is
/// closed, then may print a closing line (what it stored or served) and exits.
final class BenchServer {
  private let process = Process()
  private let output = Pipe()
  private let input = Pipe()
  /// The first line the child printed.
  let readyLine: String
  private var closing: String?

  init(core: Int, arguments: [String]) throws {
    Pinning.configure(process, core: core, arguments: arguments)
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
      line.append(byte)
    }
    readyLine = String(decoding: line, as: UTF8.self)
    guard !readyLine.isEmpty else {
      process.waitUntilExit()
      throw BenchError("the server child \(arguments.joined(separator: " ")) exited before it was ready")
    }
  }

  /// The ready line as a port number.
  var port: Int? { Int(readyLine.split(separator: " ").first ?? "") }

  /// Closes its standard input, waits for it to exit and returns what it printed after the ready
  /// line (the same text again when called twice).
  @discardableResult
  func stop() -> String {
    if let closing { return closing }
    try? input.fileHandleForWriting.close()
    let rest = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    closing = text
    return text
  }

  /// Blocks until standard input is closed (the child side).
  static func waitForStandardInputToClose() async {
    await Task.detached { _ = FileHandle.standardInput.readDataToEndOfFile() }.value
  }
}

/// A benchmark that could not run.
struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
