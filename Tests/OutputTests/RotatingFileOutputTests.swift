import Foundation
import KSPMCore
import Output
import Testing

@Suite struct RotatingFileOutputTests {
  func folder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("rotating-\(UUID().uuidString)").path
  }

  func lines(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map(String.init)
  }

  @Test func filesRotateBySizeAndOnlyTheNewestAreKept() async throws {
    let dir = folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // Each document line is 9–10 bytes ({"n":12}\n); 100 bytes hold about ten.
    let output = RotatingFileOutput(
      folder: dir, name: "findings", rotation: FileRotation(maxBytes: 100, keep: 3, rotateOnStartup: true))
    for start in stride(from: 0, to: 100, by: 7) {
      try await output.write((start..<min(start + 7, 100)).map(sampleDocument))
    }
    try await output.close()
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["findings.1.ndjson", "findings.2.ndjson", "findings.ndjson"])
    for file in files {
      let size = try #require(FileManager.default.attributesOfItem(atPath: dir + "/" + file)[.size] as? NSNumber)
      #expect(size.intValue <= 100)
    }
    // Oldest to newest, the kept files hold the last documents, in order, each once.
    let kept = [2, 1, 0].flatMap { lines(output.path($0)) }
    let numbers = kept.map { Int($0.dropFirst(5).dropLast())! }
    #expect(numbers == Array((100 - numbers.count)..<100))
    #expect(numbers.count >= 20)
  }

  @Test func createdFilesGetTheConfiguredMode() async throws {
    let dir = folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let output = RotatingFileOutput(
      folder: dir, name: "f", rotation: FileRotation(maxBytes: 1000, keep: 2, permissions: 0o640))
    try await output.write([sampleDocument(1)])
    try await output.close()
    let mode = try #require(
      FileManager.default.attributesOfItem(atPath: output.currentPath)[.posixPermissions] as? NSNumber)
    // The umask may only take bits away: never more than asked, and the owner can read and write.
    #expect(mode.intValue & ~0o640 == 0)
    #expect(mode.intValue & 0o600 == 0o600)
  }

  @Test func startupRotatesANonEmptyFileUnlessToldToAppend() async throws {
    let dir = folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let first = RotatingFileOutput(folder: dir, name: "f", rotation: FileRotation(maxBytes: 1 << 20, keep: 5))
    try await first.write([sampleDocument(1)])
    try await first.close()

    let appending = RotatingFileOutput(
      folder: dir, name: "f", rotation: FileRotation(maxBytes: 1 << 20, keep: 5, rotateOnStartup: false))
    try await appending.write([sampleDocument(2)])
    try await appending.close()
    #expect(lines(appending.currentPath) == ["{\"n\":1}", "{\"n\":2}"])

    let rotating = RotatingFileOutput(folder: dir, name: "f", rotation: FileRotation(maxBytes: 1 << 20, keep: 5))
    try await rotating.write([sampleDocument(3)])
    try await rotating.close()
    #expect(lines(rotating.currentPath) == ["{\"n\":3}"])
    #expect(lines(rotating.path(1)) == ["{\"n\":1}", "{\"n\":2}"])
  }

  @Test func anUnwritableFolderIsAClearErrorOnEachWriteUntilItCanBeUsed() async {
    // The output is made at once (the daemon starts); each write says why it cannot be done.
    let output = RotatingFileOutput(folder: "/proc/kspmbeat-no", name: "f", rotation: FileRotation())
    for _ in 0..<2 {
      await #expect {
        try await output.write([sampleDocument(1)])
      } throws: { error in
        "\(error)".contains("/proc/kspmbeat-no")
      }
    }
  }

  /// /dev/full refuses every write with ENOSPC, even for root: a full disk.
  @Test func aFullDiskFailsTheBatchWithoutHalfWritingItAndTheNextWriteRecovers() async throws {
    let dir = folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let output = RotatingFileOutput(
      folder: dir, name: "f", rotation: FileRotation(maxBytes: 1 << 20, keep: 3, rotateOnStartup: false))
    try await output.write([sampleDocument(1)])
    let current = output.currentPath
    try await output.close()
    // The file is now the full disk; a new output (the daemon after a restart, or a reopen after a failure).
    try FileManager.default.removeItem(atPath: current)
    try FileManager.default.createSymbolicLink(atPath: current, withDestinationPath: "/dev/full")
    let full = RotatingFileOutput(
      folder: dir, name: "f", rotation: FileRotation(maxBytes: 1 << 20, keep: 3, rotateOnStartup: false))
    await #expect {
      try await full.write([sampleDocument(2), sampleDocument(3)])
    } throws: { error in
      "\(error)".contains("No space left on device")
    }
    // Space again: the same output opens the file anew and writes the whole batch.
    try FileManager.default.removeItem(atPath: current)
    try await full.write([sampleDocument(2), sampleDocument(3)])
    try await full.close()
    #expect(lines(current) == ["{\"n\":2}", "{\"n\":3}"])
  }
}
