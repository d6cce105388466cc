/// The state of one ``XMLReader`` pass over a byte array.
struct XMLByteReader {
  typealias Element = XMLReader.Element
  typealias ParseError = XMLReader.ParseError

  private let bytes: [UInt8]
  private let limits: XMLReader.Limits
  private var index = 0
  private var elementCount = 0

  init(bytes: [UInt8], limits: XMLReader.Limits) {
    self.bytes = bytes
    self.limits = limits
  }

  /// An element being read: the element so far and its text bytes.
  private struct Open {
    var element: Element
    var text: [UInt8] = []
  }

  mutating func document() throws(ParseError) -> Element {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    try skipMisc()
    guard peek(UInt8(ascii: "<")) else { throw error("the document has no root element") }
    var stack: [Open] = []
    var root: Element?
    repeat {
      if !stack.isEmpty, !peek(UInt8(ascii: "<")) {
        try readText(into: &stack[stack.count - 1].text)
        continue
      }
      guard index < bytes.count else { break }
      if starts("<![CDATA[") {
        guard !stack.isEmpty else { throw error("CDATA outside the root element") }
        try readCDATA(into: &stack[stack.count - 1].text)
      } else if starts("<!--") {
        try skipComment()
      } else if starts("<?") {
        try skipProcessingInstruction()
      } else if starts("<!") {
        throw error("declarations (DOCTYPE, ENTITY) are not accepted")
      } else if starts("</") {
        guard let open = stack.popLast() else { throw error("a closing tag without an open element") }
        let name = try readClosingTag()
        guard name == open.element.name else {
          throw error("</\(name)> closes <\(open.element.name)>")
        }
        var element = open.element
        element.text = try string(open.text)
        if stack.isEmpty { root = element } else { stack[stack.count - 1].element.children.append(element) }
      } else {
        guard root == nil, stack.count < limits.maxDepth else {
          throw error(root == nil ? "elements nested deeper than \(limits.maxDepth)" : "a second root element")
        }
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw error("more than \(limits.maxElements) elements") }
        let (element, selfClosing) = try readOpeningTag()
        if selfClosing {
          if stack.isEmpty { root = element } else { stack[stack.count - 1].element.children.append(element) }
        } else {
          stack.append(Open(element: element))
        }
      }
    } while !stack.isEmpty
    guard let root else { throw error("the root element is not closed") }
    try skipMisc()
    guard index == bytes.count else { throw error("content after the root element") }
    return root
  }

  // MARK: Markup

  /// `<name attr="value" …>` or `<name …/>`.
  private mutating func readOpeningTag() throws(ParseError) -> (Element, Bool) {
    index += 1
    let name = try readName()
    var element = Element(name: name)
    while true {
      let hadSpace = skipWhitespace()
      guard index < bytes.count else { throw error("the tag <\(name)> is not closed") }
      if bytes[index] == UInt8(ascii: ">") {
        index += 1
        return (element, false)
      }
      if starts("/>") {
        index += 2
        return (element, true)
      }
      guard hadSpace else { throw error("expected white space before an attribute in <\(name)>") }
      let attribute = try readName()
      skipWhitespace()
      guard peek(UInt8(ascii: "=")) else { throw error("attribute \(attribute) has no value") }
      index += 1
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
        throw error("the value of \(attribute) is not quoted")
      }
      let quote = bytes[index]
      index += 1
      var value: [UInt8] = []
      while true {
        guard index < bytes.count else { throw error("the value of \(attribute) is not closed") }
        let byte = bytes[index]
        if byte == quote {
          index += 1
          break
        }
        if byte == UInt8(ascii: "<") { throw error("'<' in the value of \(attribute)") }
        if byte == UInt8(ascii: "&") {
          try readReference(into: &value)
        } else {
          value.append(byte)
          index += 1
        }
      }
      guard element.attributes[attribute] == nil else { throw error("attribute \(attribute) appears twice") }
      element.attributes[attribute] = try string(value)
    }
  }

  /// `</name>`; returns the name.
  private mutating func readClosingTag() throws(ParseError) -> String {
    index += 2
    let name = try readName()
    skipWhitespace()
    guard peek(UInt8(ascii: ">")) else { throw error("the closing tag </\(name)> is not closed") }
    index += 1
    return name
  }

  private mutating func readName() throws(ParseError) -> String {
    let start = index
    while index < bytes.count, Self.isNameByte(bytes[index], first: index == start) { index += 1 }
    guard index > start else { throw error("expected a name") }
    return try string(Array(bytes[start..<index]))
  }

  private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
      UInt8(ascii: ":"), 0x80...0xFF:
      return true
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
      return !first
    default:
      return false
    }
  }

  // MARK: Character data

  /// Text up to the next `<`, with references decoded.
  private mutating func readText(into text: inout [UInt8]) throws(ParseError) {
    while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
      if bytes[index] == UInt8(ascii: "&") {
        try readReference(into: &text)
      } else {
        text.append(bytes[index])
        index += 1
      }
    }
    guard index < bytes.count else { throw error("the document ends inside an element") }
  }

  private mutating func readCDATA(into text: inout [UInt8]) throws(ParseError) {
    index += 9
    guard let end = find("]]>") else { throw error("CDATA section is not closed") }
    text += bytes[index..<end]
    index = end + 3
  }

  /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#65;` `&#x41;`.
  private mutating func readReference(into text: inout [UInt8]) throws(ParseError) {
    let start = index
    index += 1
    var name: [UInt8] = []
    while index < bytes.count, bytes[index] != UInt8(ascii: ";") {
      guard name.count < 10 else { throw error("'&' does not start a reference") }
      name.append(bytes[index])
      index += 1
    }
    guard index < bytes.count else { throw error("'&' does not start a reference") }
    index += 1
    switch String(decoding: name, as: UTF8.self) {
    case "lt": text.append(UInt8(ascii: "<"))
    case "gt": text.append(UInt8(ascii: ">"))
    case "amp": text.append(UInt8(ascii: "&"))
    case "quot": text.append(UInt8(ascii: "\""))
    case "apos": text.append(UInt8(ascii: "'"))
    case let reference where reference.hasPrefix("#"):
      let digits = reference.dropFirst()
      let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
        index = start
        throw error("&\(reference); is not a character")
      }
      text += Array(String(Character(scalar)).utf8)
    case let reference:
      index = start
      throw error("unknown entity &\(reference);")
    }
  }

  // MARK: Skipping

  /// White space, comments and processing instructions (before and after the root).
  private mutating func skipMisc() throws(ParseError) {
    while true {
      skipWhitespace()
      if starts("<?") {
        try skipProcessingInstruction()
      } else if starts("<!--") {
        try skipComment()
      } else if starts("<!") {
        throw error("declarations (DOCTYPE, ENTITY) are not accepted")
      } else {
        return
      }
    }
  }

  private mutating func skipComment() throws(ParseError) {
    index += 4
    guard let end = find("-->") else { throw error("comment is not closed") }
    index = end + 3
  }

  private mutating func skipProcessingInstruction() throws(ParseError) {
    index += 2
    guard let end = find("?>") else { throw error("processing instruction is not closed") }
    index = end + 2
  }

  @discardableResult
  private mutating func skipWhitespace() -> Bool {
    let start = index
    while index < bytes.count,
      bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
    {
      index += 1
    }
    return index > start
  }

  // MARK: Helpers

  private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

  private func starts(_ literal: String) -> Bool {
    let utf8 = literal.utf8
    return index + utf8.count <= bytes.count && bytes[index..<index + utf8.count].elementsEqual(utf8)
  }

  /// The offset of the next `literal` from the current position.
  private func find(_ literal: String) -> Int? {
    let pattern = Array(literal.utf8)
    var position = index
    while position + pattern.count <= bytes.count {
      if bytes[position] == pattern[0], bytes[position..<position + pattern.count].elementsEqual(pattern) {
        return position
      }
      position += 1
    }
    return nil
  }

  private func string(_ bytes: [UInt8]) throws(ParseError) -> String {
    guard let text = String(validating: bytes, as: UTF8.self) else { throw error("text that is not UTF-8") }
    return text
  }

  private func error(_ message: String) -> ParseError {
    ParseError(message: message, offset: index)
  }
}
