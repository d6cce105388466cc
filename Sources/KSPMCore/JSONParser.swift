/// Why a JSON text could not be parsed, with the byte offset where it went wrong.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var offset: Int
  public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// A strict, fast JSON parser (RFC 8259) producing ``JSONValue``.
///
/// Nesting is limited (default 512 levels) so that hostile input cannot exhaust the stack.
public struct JSONParser {
  public static let defaultMaxDepth = 512

  /// Parses one complete JSON document; trailing non-whitespace is an error.
  public static func parse<Bytes: Collection<UInt8>>(
    _ bytes: Bytes, maxDepth: Int = defaultMaxDepth
  ) throws(JSONParseError) -> JSONValue {
    let array = Array(bytes)
    return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
      var parser = Reader(buffer: buffer, maxDepth: maxDepth)
      parser.skipWhitespace()
      let value = try parser.parseValue(depth: 0)
      parser.skipWhitespace()
      if parser.index != buffer.count { throw parser.error("unexpected data after the document") }
      return value
    }
  }

  /// Parses a JSON document held in a string.
  public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8), maxDepth: maxDepth)
  }

  struct Reader {
    let buffer: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
      self.buffer = buffer
      self.maxDepth = maxDepth
    }

    func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: index) }

    mutating func skipWhitespace() {
      while index < buffer.count {
        switch buffer[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
      guard index < buffer.count else { throw error("unexpected end of input") }
      switch buffer[index] {
      case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
      case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
      case UInt8(ascii: "\""): return .string(try parseString())
      case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
      case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
      case UInt8(ascii: "n"): try expectLiteral("null"); return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
      default: throw error("unexpected character '\(Character(Unicode.Scalar(buffer[index])))'")
      }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
      let count = literal.utf8CodeUnitCount
      guard index + count <= buffer.count else { throw error("unexpected end of input") }
      let start = literal.utf8Start
      for i in 0..<count where buffer[index + i] != start[i] {
        throw error("invalid literal")
      }
      index += count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
      guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      index += 1
      var members: [JSONObject.Member] = []
      skipWhitespace()
      if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
        index += 1
        return .object(JSONObject())
      }
      while true {
        skipWhitespace()
        guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
        let key = try parseString()
        skipWhitespace()
        guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
        let value = try parseValue(depth: depth)
        members.append(JSONObject.Member(key: key, value: value))
        skipWhitespace()
        guard index < buffer.count else { throw error("unexpected end of input in object") }
        if buffer[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        if buffer[index] == UInt8(ascii: "}") {
          index += 1
          return .object(JSONObject(members))
        }
        throw error("expected ',' or '}'")
      }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
      guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      index += 1
      var elements: [JSONValue] = []
      skipWhitespace()
      if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
        index += 1
        return .array([])
      }
      while true {
        skipWhitespace()
        elements.append(try parseValue(depth: depth))
        skipWhitespace()
        guard index < buffer.count else { throw error("unexpected end of input in array") }
        if buffer[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        if buffer[index] == UInt8(ascii: "]") {
          index += 1
          return .array(elements)
        }
        throw error("expected ',' or ']'")
      }
    }

    mutating func parseString() throws(JSONParseError) -> String {
      index += 1  // opening quote
      let start = index
      // Fast path: no escapes.
      while index < buffer.count {
        let c = buffer[index]
        if c == UInt8(ascii: "\"") {
          let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
          index += 1
          return s
        }
        if c == UInt8(ascii: "\\") { break }
        if c < 0x20 { throw error("control character in string") }
        index += 1
      }
      var bytes = Array(buffer[start..<index])
      while index < buffer.count {
        let c = buffer[index]
        if c == UInt8(ascii: "\"") {
          index += 1
          return String(decoding: bytes, as: UTF8.self)
        }
        if c < 0x20 { throw error("control character in string") }
        if c != UInt8(ascii: "\\") {
          bytes.append(c)
          index += 1
          continue
        }
        index += 1
        guard index < buffer.count else { break }
        let e = buffer[index]
        index += 1
        switch e {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try parseHex4()
          if (0xD800...0xDBFF).contains(scalar) {
            if index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u") {
              index += 2
              let low = try parseHex4()
              if (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
              } else {
                scalar = 0xFFFD
              }
            } else {
              scalar = 0xFFFD
            }
          } else if (0xDC00...0xDFFF).contains(scalar) {
            scalar = 0xFFFD
          }
          let us = Unicode.Scalar(scalar) ?? "\u{FFFD}"
          bytes.append(contentsOf: Array(String(Character(us)).utf8))
        default: throw error("invalid escape sequence")
        }
      }
      throw error("unterminated string")
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
      guard index + 4 <= buffer.count else { throw error("truncated \\u escape") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let c = buffer[index]
        let digit: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
        default: throw error("invalid hex digit in \\u escape")
        }
        value = value << 4 | digit
        index += 1
      }
      return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
      let start = index
      var isInteger = true
      if buffer[index] == UInt8(ascii: "-") { index += 1 }
      guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
      if buffer[index] == UInt8(ascii: "0") {
        index += 1
      } else {
        while index < buffer.count, isDigit(buffer[index]) { index += 1 }
      }
      if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
        isInteger = false
        index += 1
        guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
        while index < buffer.count, isDigit(buffer[index]) { index += 1 }
      }
      if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
        isInteger = false
        index += 1
        if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") { index += 1 }
        guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
        while index < buffer.count, isDigit(buffer[index]) { index += 1 }
      }
      let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
      if isInteger, let i = Int64(text) { return .int(i) }
      guard let d = Double(text) else { throw error("invalid number") }
      return .double(d)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
  }
}
