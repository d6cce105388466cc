/// Serialises ``JSONValue`` and primitive values into compact JSON bytes.
///
/// A value type that appends to its own buffer; callers building documents field by field use
/// the `write…` methods directly, which is much faster than going through `Codable`.
public struct JSONWriter: Sendable {
  public var bytes: [UInt8]
  /// Strings (keys and values) longer than this many UTF-8 bytes are cut, on a character boundary,
  /// and end with `…[cut N bytes]`; `nil`: written whole.
  public var maxStringBytes: Int?

  public init(capacity: Int = 1024, maxStringBytes: Int? = nil) {
    bytes = []
    bytes.reserveCapacity(capacity)
    self.maxStringBytes = maxStringBytes
  }

  /// `value` cut to at most `limit` UTF-8 bytes (on a character boundary) with a marker saying how
  /// much was cut; unchanged when it fits.
  public static func truncated(_ value: String, limit: Int) -> String {
    let count = value.utf8.count
    guard count > limit else { return value }
    var end = value.utf8.index(value.utf8.startIndex, offsetBy: limit)
    while end > value.startIndex, end.samePosition(in: value.unicodeScalars) == nil {
      end = value.utf8.index(before: end)
    }
    let kept = String(value[..<end])
    return kept + "…[cut \(count - kept.utf8.count) bytes]"
  }

  /// The compact JSON text of `value`.
  public static func serialize(_ value: JSONValue) -> [UInt8] {
    var writer = JSONWriter()
    writer.write(value)
    return writer.bytes
  }

  /// The compact JSON text of `value`, as a string.
  public static func string(_ value: JSONValue) -> String {
    String(decoding: serialize(value), as: UTF8.self)
  }

  public mutating func write(_ value: JSONValue) {
    switch value {
    case .null: writeRaw("null")
    case .bool(let b): writeRaw(b ? "true" : "false")
    case .int(let i): writeInt(i)
    case .double(let d): writeDouble(d)
    case .string(let s): writeString(s)
    case .array(let elements):
      bytes.append(UInt8(ascii: "["))
      var first = true
      for element in elements {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        write(element)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let object):
      bytes.append(UInt8(ascii: "{"))
      var first = true
      for member in object.members {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        writeString(member.key)
        bytes.append(UInt8(ascii: ":"))
        write(member.value)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  /// Appends ASCII text verbatim (punctuation, literals, pre-escaped keys).
  public mutating func writeRaw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  public mutating func writeInt(_ value: Int64) {
    if value >= 0 && value < 10 {
      bytes.append(UInt8(ascii: "0") + UInt8(value))
      return
    }
    bytes.append(contentsOf: String(value).utf8)
  }

  public mutating func writeDouble(_ value: Double) {
    guard value.isFinite else {
      writeRaw("null")
      return
    }
    if value.rounded() == value, abs(value) < 1e15 {
      bytes.append(contentsOf: String(Int64(value)).utf8)
    } else {
      bytes.append(contentsOf: String(value).utf8)
    }
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// Writes a quoted, escaped JSON string (cut to ``maxStringBytes`` when set).
  public mutating func writeString(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    var value = maxStringBytes.map { Self.truncated(value, limit: $0) } ?? value
    value.withUTF8 { utf8 in
      var runStart = 0
      for i in 0..<utf8.count {
        let c = utf8[i]
        if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
        if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
        runStart = i + 1
        switch c {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
        default:
          bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
          bytes.append(Self.hex[Int(c >> 4)])
          bytes.append(Self.hex[Int(c & 0xF)])
        }
      }
      if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
