/// Reads the entries of a zip archive through its central directory (stored or deflated entries,
/// CRC-32 checked; no zip64, encryption or multi-disk archives), as a tool unpacking a package
/// would.
public enum ZipReader {
  /// Every entry in central-directory order; folder entries have empty bytes.
  public static func entries(_ archive: [UInt8]) throws(ZipError) -> [ZipWriter.Entry] {
    guard let end = endRecord(archive) else { throw ZipError("no end of central directory record") }
    let count = Int(archive.u16(end + 10))
    var offset = Int(archive.u32(end + 16))
    var result: [ZipWriter.Entry] = []
    for _ in 0..<count {
      guard offset + 46 <= archive.count, archive.u32(offset) == 0x0201_4b50 else {
        throw ZipError("damaged central directory at byte \(offset)")
      }
      let method = archive.u16(offset + 10)
      let crc = archive.u32(offset + 16)
      let storedSize = Int(archive.u32(offset + 20))
      let size = Int(archive.u32(offset + 24))
      let nameLength = Int(archive.u16(offset + 28))
      let extraLength = Int(archive.u16(offset + 30))
      let commentLength = Int(archive.u16(offset + 32))
      let local = Int(archive.u32(offset + 42))
      guard offset + 46 + nameLength <= archive.count else { throw ZipError("damaged entry name at byte \(offset)") }
      let name = String(decoding: archive[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
      offset += 46 + nameLength + extraLength + commentLength
      guard local + 30 <= archive.count, archive.u32(local) == 0x0403_4b50 else {
        throw ZipError("\(name): no local header")
      }
      let start = local + 30 + Int(archive.u16(local + 26)) + Int(archive.u16(local + 28))
      guard start + storedSize <= archive.count else { throw ZipError("\(name): data past the end of the archive") }
      let stored = Array(archive[start..<(start + storedSize)])
      let bytes: [UInt8]
      switch method {
      case 0: bytes = stored
      case 8: bytes = try RawDeflate.decompress(stored, size: size)
      default: throw ZipError("\(name): compression method \(method) is not supported")
      }
      guard bytes.count == size, RawDeflate.crc32(bytes) == crc else { throw ZipError("\(name): CRC-32 mismatch") }
      result.append(ZipWriter.Entry(path: name, bytes: bytes))
    }
    return result
  }

  /// The offset of the end-of-central-directory record (searched backwards past any comment).
  static func endRecord(_ archive: [UInt8]) -> Int? {
    guard archive.count >= 22 else { return nil }
    let lowest = Swift.max(0, archive.count - 22 - 0xFFFF)
    var offset = archive.count - 22
    while offset >= lowest {
      if archive.u32(offset) == 0x0605_4b50 { return offset }
      offset -= 1
    }
    return nil
  }
}

extension [UInt8] {
  func u16(_ offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }

  func u32(_ offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { value, i in value | UInt32(self[offset + i]) << UInt32(8 * i) }
  }
}
