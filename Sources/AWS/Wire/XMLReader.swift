/// A small, strict XML reader for AWS query-protocol responses: elements, attributes, text,
/// the five predefined entities, character references, CDATA, comments and processing
/// instructions.
///
/// Hostile input gives a ``ParseError``, never a crash or unbounded work: a document type
/// declaration (and with it any entity definition) is refused, and size, depth and element
/// count are limited. The reader keeps its own stack, so depth never touches the call stack.
public enum XMLReader {
  /// One element: its name as written (with any prefix), attributes, child elements in order,
  /// and the character data directly inside it (text and CDATA of its children not included).
  public struct Element: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [Element]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [Element] = [], text: String = "") {
      self.name = name
      self.attributes = attributes
      self.children = children
      self.text = text
    }

    /// The name without a namespace prefix.
    public var localName: Substring {
      name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
    }

    /// The first child whose local name is `name`.
    public func child(_ name: String) -> Element? {
      children.first { $0.localName == name }
    }

    /// Every child whose local name is `name`, in order.
    public func children(_ name: String) -> [Element] {
      children.filter { $0.localName == name }
    }

    /// Follows child names, e.g. `root[path: "AssumeRoleResult", "Credentials"]`.
    public subscript(path names: String...) -> Element? {
      var current: Element? = self
      for name in names { current = current?.child(name) }
      return current
    }

    /// The first element named `name` at any depth below this one (depth first, in order).
    public func descendant(_ name: String) -> Element? {
      var pending = children.reversed() as [Element]
      while let next = pending.popLast() {
        if next.localName == name { return next }
        pending += next.children.reversed()
      }
      return nil
    }

    /// The text of the child `name` without surrounding whitespace; `nil` when there is no such
    /// child.
    public func string(_ name: String) -> String? {
      child(name).map { $0.text.trimmingXMLWhitespace() }
    }
  }

  /// Why a text is not a document this reader accepts, with the byte offset.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid XML at byte \(offset): \(message)" }
  }

  /// Bounds on what a document may cost.
  public struct Limits: Sendable, Equatable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxElements: Int

    public init(maxBytes: Int = 16 << 20, maxDepth: Int = 64, maxElements: Int = 1_000_000) {
      self.maxBytes = maxBytes
      self.maxDepth = maxDepth
      self.maxElements = maxElements
    }
  }

  /// The root element of a complete document.
  public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, limits: Limits = Limits()) throws(ParseError)
    -> Element
  {
    guard bytes.count <= limits.maxBytes else {
      throw ParseError(message: "the document is larger than \(limits.maxBytes) bytes", offset: 0)
    }
    var reader = XMLByteReader(bytes: Array(bytes), limits: limits)
    return try reader.document()
  }

  /// Parses a document held in a string.
  public static func parse(_ text: String, limits: Limits = Limits()) throws(ParseError) -> Element {
    try parse(Array(text.utf8), limits: limits)
  }
}

extension String {
  /// Without leading and trailing spaces, tabs and line breaks (XML's white space).
  func trimmingXMLWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
