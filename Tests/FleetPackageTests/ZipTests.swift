import FleetPackage
import Testing

/// The zip writer and reader agree, and the reader refuses damaged archives.
@Suite struct ZipTests {
  let entries = [
    ZipWriter.Entry(path: "pkg-1.0.0/", bytes: []),
    ZipWriter.Entry(path: "pkg-1.0.0/empty.txt", bytes: []),
    ZipWriter.Entry(path: "pkg-1.0.0/a/é.yml", bytes: Array("name: x\n".utf8)),
    ZipWriter.Entry(path: "pkg-1.0.0/big.bin", bytes: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 3) }),
  ]

  @Test func whatIsWrittenReadsBackTheSame() throws {
    let archive = try ZipWriter.archive(entries)
    #expect(try ZipReader.entries(archive) == entries)
    #expect(archive.count < 200_000, "files are deflated")
  }

  @Test func aDamagedArchiveIsRefused() throws {
    var archive = try ZipWriter.archive(entries)
    #expect(throws: ZipError.self) { try ZipReader.entries(Array(archive.prefix(archive.count - 10))) }
    // Flip a byte inside the deflated data of the big file.
    let index = archive.count / 2
    archive[index] ^= 0xFF
    #expect(throws: ZipError.self) { try ZipReader.entries(archive) }
  }

  @Test func absolutePathsAreRefused() {
    #expect(throws: ZipError.self) { try ZipWriter.archive([ZipWriter.Entry(path: "/etc/passwd", bytes: [])]) }
  }
}
