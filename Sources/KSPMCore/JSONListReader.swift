import Foundation

/// Reads a JSON document item by item when it is a list object (`{"kind": "PodList", "items": […]}`),
/// so that a large cluster dump never exists as one parsed tree: memory is the file's bytes plus
/// one item.
///
/// Members other than `items` are collected in ``header``; it is complete once ``next()`` has
/// returned `nil`. A document that is not an object with an `items` array yields no items and is
/// returned whole as the header.
public struct JSONListReader {
  private let bytes: Data
  private let maxDepth: Int
  private var index = 0
  private var inItems = false
  private var firstItem = true
  private var done = false
  /// The document without its `items`; complete after ``next()`` returned `nil`.
  public private(set) var header = JSONObject()
  /// The whole document, when it was not an object (then there are no items).
  public private(set) var nonObjectDocument: JSONValue?
  /// Whether the document has an `items` array (read through ``next()``).
  public private(set) var hasItems = false
  /// How many bytes of the document have been read so far.
  public var offset: Int { index }

  public init(_ bytes: Data, maxDepth: Int = JSONParser.defaultMaxDepth) throws {
    self.bytes = bytes
    self.maxDepth = maxDepth
    try advanceHeader(expectingStart: true)
  }

  /// The next element of `items`, or `nil` when there are no more.
  public mutating func next() throws -> JSONValue? {
    guard inItems else { return nil }
    let (value, newIndex, finished) = try bytes.withUnsafeBytes { (raw) throws -> (JSONValue?, Int, Bool) in
      var reader = JSONParser.Reader(buffer: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
      reader.index = index
      reader.skipWhitespace()
      guard reader.index < reader.buffer.count else { throw reader.error("unexpected end of input in items") }
      if reader.buffer[reader.index] == UInt8(ascii: "]") {
        reader.index += 1
        return (nil, reader.index, true)
      }
      if !firstItem {
        guard reader.buffer[reader.index] == UInt8(ascii: ",") else { throw reader.error("expected ',' or ']'") }
        reader.index += 1
        reader.skipWhitespace()
      }
      let value = try reader.parseValue(depth: 2)
      return (value, reader.index, false)
    }
    index = newIndex
    if finished {
      inItems = false
      try advanceHeader(expectingStart: false)
      return nil
    }
    firstItem = false
    return value
  }

  /// Parses members up to `"items": [` (then stops inside the array) or to the end of the object.
  private mutating func advanceHeader(expectingStart: Bool) throws {
    let start = index
    var members: [JSONObject.Member] = []
    var nonObject: JSONValue?
    let (newIndex, enteredItems) = try bytes.withUnsafeBytes { (raw) throws -> (Int, Bool) in
      var reader = JSONParser.Reader(buffer: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
      reader.index = start
      reader.skipWhitespace()
      if expectingStart {
        guard reader.index < reader.buffer.count, reader.buffer[reader.index] == UInt8(ascii: "{") else {
          nonObject = try reader.parseValue(depth: 0)
          reader.skipWhitespace()
          if reader.index != reader.buffer.count { throw reader.error("unexpected data after the document") }
          return (reader.index, false)
        }
        reader.index += 1
        reader.skipWhitespace()
        if reader.index < reader.buffer.count, reader.buffer[reader.index] == UInt8(ascii: "}") {
          reader.index += 1
          return (reader.index, false)
        }
      } else {
        // After the items array: either ',' and more members, or '}'.
        guard reader.index < reader.buffer.count else { throw reader.error("unexpected end of input in object") }
        if reader.buffer[reader.index] == UInt8(ascii: "}") {
          reader.index += 1
          reader.skipWhitespace()
          if reader.index != reader.buffer.count { throw reader.error("unexpected data after the document") }
          return (reader.index, false)
        }
        guard reader.buffer[reader.index] == UInt8(ascii: ",") else { throw reader.error("expected ',' or '}'") }
        reader.index += 1
      }
      while true {
        reader.skipWhitespace()
        guard reader.index < reader.buffer.count, reader.buffer[reader.index] == UInt8(ascii: "\"") else {
          throw reader.error("expected a member name")
        }
        let key = try reader.parseString()
        reader.skipWhitespace()
        guard reader.index < reader.buffer.count, reader.buffer[reader.index] == UInt8(ascii: ":") else {
          throw reader.error("expected ':'")
        }
        reader.index += 1
        reader.skipWhitespace()
        if key == "items", reader.index < reader.buffer.count, reader.buffer[reader.index] == UInt8(ascii: "[") {
          reader.index += 1
          return (reader.index, true)
        }
        members.append(JSONObject.Member(key: key, value: try reader.parseValue(depth: 1)))
        reader.skipWhitespace()
        guard reader.index < reader.buffer.count else { throw reader.error("unexpected end of input in object") }
        if reader.buffer[reader.index] == UInt8(ascii: ",") {
          reader.index += 1
          continue
        }
        if reader.buffer[reader.index] == UInt8(ascii: "}") {
          reader.index += 1
          reader.skipWhitespace()
          if reader.index != reader.buffer.count { throw reader.error("unexpected data after the document") }
          return (reader.index, false)
        }
        throw reader.error("expected ',' or '}'")
      }
    }
    index = newIndex
    inItems = enteredItems
    if enteredItems { hasItems = true }
    if nonObject != nil { nonObjectDocument = nonObject }
    for member in members { header[member.key] = member.value }
  }
}
