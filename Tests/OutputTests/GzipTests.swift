import Foundation
import Output
import TestSupport
import Testing

@Suite struct GzipTests {
  func sample(_ lines: Int) -> [UInt8] {
    Array(
      (0..<lines).map { #"{"create":{"_index":"logs-cloud_security_posture.findings-default","_id":"\#($0)"}}"# + "\n" }
        .joined().utf8)
  }

  @Test(arguments: [0, 1, 6, 9])
  func roundTripsAtEveryLevel(level: Int32) throws {
    let data = sample(2_000)
    let compressed = try Gzip.compress(data, level: level)
    #expect(compressed.starts(with: [0x1F, 0x8B]))  // gzip magic
    if level > 0 { #expect(compressed.count < data.count / 4) }
    #expect(try Gzip.decompress(compressed) == data)
  }

  @Test func theSystemGzipReadsOurOutputAndWeReadItsOutput() async throws {
    let data = sample(500)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let ours = folder.appendingPathComponent("ours.gz")
    try Data(try Gzip.compress(data)).write(to: ours)
    let decoded = try await ChildProcess.run("/bin/gzip", arguments: ["-t", ours.path])
    #expect(decoded.status == 0, "gzip -t: \(decoded.stderr)")
    let theirsPlain = folder.appendingPathComponent("theirs")
    try Data(data).write(to: theirsPlain)
    let compressed = try await ChildProcess.run("/bin/gzip", arguments: ["-k", "-9", theirsPlain.path])
    #expect(compressed.status == 0)
    let theirs = try [UInt8](Data(contentsOf: folder.appendingPathComponent("theirs.gz")))
    #expect(try Gzip.decompress(theirs) == data)
  }

  @Test func corruptOrTruncatedDataAndBombsAreErrors() throws {
    let compressed = try Gzip.compress(sample(100))
    #expect(throws: GzipError.self) { try Gzip.decompress(Array(compressed.prefix(compressed.count / 2))) }
    #expect(throws: GzipError.self) { try Gzip.decompress([0x1F, 0x8B, 0, 1, 2, 3]) }
    let bomb = try Gzip.compress([UInt8](repeating: 0, count: 4 << 20), level: 9)
    #expect(throws: GzipError.self) { try Gzip.decompress(bomb, limit: 1 << 20) }
    #expect(throws: GzipError.self) { try Gzip.compress([1], level: 10) }
  }
}
