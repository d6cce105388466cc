/// Writes a zip archive (PKWARE APPNOTE: local headers, central directory, end record; no
/// zip64, so under 4 GiB and 65,535 entries) the way Fleet reads uploaded packages: UTF-8 names,
/// deflated files, folder entries, Unix permissions, and one fixed timestamp so that the same
/// input always gives the same bytes.
public struct ZipWriter {
  /// One entry: a folder (name ending in `/`) or a file.
  public struct Entry: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
      self.path = path
      self.bytes = bytes
    }

    public var isFolder: Bool { path.hasSuffix("/") }
  }

  /// 2024-01-01 00:00 in MS-DOS date and time fields.
  static let dosDate: UInt16 = (44 << 9) | (1 << 5) | 1
  static let dosTime: UInt16 = 0

  private var archive: [UInt8] = []
  private var central: [UInt8] = []
  private var count = 0

  public init() {}

  /// The archive of `entries`, in their order.
  public static func archive(_ entries: [Entry]) throws(ZipError) -> [UInt8] {
    var writer = ZipWriter()
    for entry in entries { try writer.add(entry) }
    return try writer.finish()
  }

  /// Appends one entry.
  public mutating func add(_ entry: Entry) throws(ZipError) {
    let name = Array(entry.path.utf8)
    guard !name.isEmpty, name.count <= 0xFFFF, !entry.path.hasPrefix("/") else {
      throw ZipError("\(entry.path): not a relative path a zip entry can hold")
    }
    let stored = entry.isFolder ? [] : try RawDeflate.compress(entry.bytes)
    guard stored.count < 0xFFFF_FFFF, entry.bytes.count < 0xFFFF_FFFF, archive.count < 0xFFFF_FFFF else {
      throw ZipError("\(entry.path): too large for a zip archive without zip64")
    }
    let method: UInt16 = entry.isFolder ? 0 : 8
    let crc = entry.isFolder ? 0 : RawDeflate.crc32(entry.bytes)
    let offset = UInt32(archive.count)
    // Shared by the local header and the central directory record.
    var common: [UInt8] = []
    common.append16(20)  // version needed: 2.0 (deflate, folders)
    common.append16(0x0800)  // flags: names are UTF-8
    common.append16(method)
    common.append16(Self.dosTime)
    common.append16(Self.dosDate)
    common.append32(crc)
    common.append32(UInt32(stored.count))
    common.append32(UInt32(entry.isFolder ? 0 : entry.bytes.count))
    common.append16(UInt16(name.count))
    common.append16(0)  // no extra field

    archive.append32(0x0403_4b50)
    archive += common
    archive += name
    archive += stored

    let mode: UInt32 = entry.isFolder ? 0o040755 : 0o100644
    central.append32(0x0201_4b50)
    central.append16(0x031E)  // made by: Unix, APPNOTE 3.0
    central += common
    central.append16(0)  // no comment
    central.append16(0)  // disk 0
    central.append16(0)  // internal attributes
    central.append32(mode << 16 | (entry.isFolder ? 0x10 : 0))  // Unix mode; MS-DOS folder bit
    central.append32(offset)
    central += name
    count += 1
  }

  /// The whole archive: the entries, the central directory and its end record.
  public mutating func finish() throws(ZipError) -> [UInt8] {
    guard count <= 0xFFFF else { throw ZipError("\(count) entries: more than a zip archive without zip64 holds") }
    var result = archive
    let directoryOffset = UInt32(result.count)
    result += central
    result.append32(0x0605_4b50)
    result.append16(0)  // this disk
    result.append16(0)  // disk of the central directory
    result.append16(UInt16(count))
    result.append16(UInt16(count))
    result.append32(UInt32(central.count))
    result.append32(directoryOffset)
    result.append16(0)  // no comment
    return result
  }
}

extension [UInt8] {
  mutating func append16(_ value: UInt16) {
    append(UInt8(value & 0xFF))
    append(UInt8(value >> 8))
  }

  mutating func append32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }
}
