import Foundation
import KSPMCore

/// One top-level object of a YAML stream: a whole document, or one item of a list document.
public enum YAMLStreamElement: Sendable {
  /// A document (0-based index in the stream).
  case document(JSONValue, index: Int)
  /// An item of a big document's top-level `items:` sequence, with the rest of that document
  /// (`apiVersion`, `kind`, `metadata`) as `header`.
  case listItem(JSONValue, header: JSONObject, document: Int, item: Int)
}

/// Reads a YAML stream one document at a time, and a big `List` document (`kubectl get -o yaml`)
/// one item at a time, so memory follows the largest object, not the file.
///
/// Documents are split at `---`/`...` lines, which YAML never allows inside content. In a document
/// larger than `streamingThreshold` whose top level has a block `items:` sequence, each item's lines
/// are parsed on their own. When that layout is not recognised the document is parsed whole.
public struct YAMLStreamReader {
  private let bytes: Data
  private var position = 0
  private var documentIndex = -1
  private var pendingItems: ItemCursor?
  private var queued: [YAMLStreamElement] = []
  /// Documents larger than this (bytes) are streamed item by item when they can be.
  public let streamingThreshold: Int

  /// `bytes` may be memory-mapped: only the current document or item is copied out of it.
  public init(_ bytes: Data, streamingThreshold: Int = 1 << 20) {
    self.bytes = bytes
    self.streamingThreshold = streamingThreshold
  }

  /// The next document or list item; `nil` at the end.
  public mutating func next() throws(YAMLParseError) -> YAMLStreamElement? {
    while true {
      if !queued.isEmpty { return queued.removeFirst() }
      if var cursor = pendingItems {
        if let element = try cursor.next(bytes) {
          pendingItems = cursor
          return element
        }
        pendingItems = nil
      }
      guard position < bytes.count else { return nil }
      let range = nextDocumentRange()
      documentIndex += 1
      if range.count > streamingThreshold, let cursor = ItemCursor(bytes, document: range, index: documentIndex) {
        pendingItems = cursor
        continue
      }
      let text = String(decoding: bytes[range], as: UTF8.self)
      let value = try YAMLDocuments.parse(text)
      if !value.isNull { return .document(value, index: documentIndex) }
    }
  }

  /// The bytes of the next document (without its `---` line), advancing past it.
  private mutating func nextDocumentRange() -> Range<Int> {
    var start = position
    var cursor = position
    var sawContent = false
    while cursor < bytes.count {
      let end = Self.lineEnd(bytes, from: cursor)
      if Self.isDocumentMarker(bytes, cursor..<end) {
        if sawContent {
          position = cursor
          return start..<cursor
        }
        // A leading `---` (possibly with content after it on the line, like `--- !tag`) starts this document.
        start = end < bytes.count ? end + 1 : end
      } else if !Self.isBlankOrComment(bytes, cursor..<end) {
        sawContent = true
      }
      cursor = end < bytes.count ? end + 1 : end
    }
    position = bytes.count
    return start..<bytes.count
  }

  static func lineEnd(_ bytes: Data, from start: Int) -> Int {
    var i = start
    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
    return i
  }

  /// `---` or `...` at column 0, followed by a space or the end of the line.
  static func isDocumentMarker(_ bytes: Data, _ line: Range<Int>) -> Bool {
    guard line.count >= 3 else { return false }
    let a = bytes[line.lowerBound]
    guard a == 0x2D || a == 0x2E, bytes[line.lowerBound + 1] == a, bytes[line.lowerBound + 2] == a else { return false }
    if line.count == 3 { return true }
    let next = bytes[line.lowerBound + 3]
    return next == 0x20 || next == 0x09 || next == 0x0D
  }

  static func isBlankOrComment(_ bytes: Data, _ line: Range<Int>) -> Bool {
    for i in line {
      switch bytes[i] {
      case 0x20, 0x09, 0x0D: continue
      case 0x23: return true
      default: return false
      }
    }
    return true
  }
}

/// Walks the items of one document's top-level block sequence `items:`.
private struct ItemCursor {
  let document: Int
  let header: JSONObject
  /// Start offsets of the item lines, and where the items region ends.
  let itemStarts: [Int]
  let regionEnd: Int
  let indent: Int
  var nextItem = 0

  /// `nil` when the document does not have the recognised layout (it is then parsed whole).
  init?(_ bytes: Data, document range: Range<Int>, index: Int) {
    // An alias may name an anchor in another item: such a document is read whole, as a small one is.
    if Self.usesAliases(bytes, range) { return nil }
    document = index
    var headerText: [UInt8] = []
    var starts: [Int] = []
    var itemsIndent: Int?
    var regionEnd = range.upperBound
    var inItems = false
    var sawItemsKey = false
    var cursor = range.lowerBound
    while cursor < range.upperBound {
      let end = min(YAMLStreamReader.lineEnd(bytes, from: cursor), range.upperBound)
      let line = cursor..<end
      let next = end < range.upperBound ? end + 1 : end
      if inItems {
        if YAMLStreamReader.isBlankOrComment(bytes, line) {
          cursor = next
          continue
        }
        let spaces = Self.leadingSpaces(bytes, line)
        if itemsIndent == nil {
          guard Self.isItemStart(bytes, line, spaces: spaces) else { return nil }
          itemsIndent = spaces
        }
        let indent = itemsIndent ?? 0
        if spaces == indent, Self.isItemStart(bytes, line, spaces: spaces) {
          starts.append(cursor)
        } else if spaces <= indent && !(indent == 0 && spaces == 0 && bytes[cursor] == 0x2D) {
          // Back at the document's top level: the items are over.
          regionEnd = cursor
          inItems = false
          headerText.append(contentsOf: bytes[cursor..<next])
        }
        cursor = next
        continue
      }
      if Self.isItemsKey(bytes, line) {
        guard !sawItemsKey else { return nil }
        sawItemsKey = true
        inItems = true
        headerText.append(contentsOf: Array("items: []\n".utf8))
      } else {
        headerText.append(contentsOf: bytes[cursor..<next])
      }
      cursor = next
    }
    guard sawItemsKey, let itemsIndent, !starts.isEmpty else { return nil }
    if inItems { regionEnd = range.upperBound }
    // A header that does not parse on its own means the layout was misread: parse the document whole.
    guard case .object(var object)? = try? YAMLDocuments.parse(String(decoding: headerText, as: UTF8.self)) else {
      return nil
    }
    object["items"] = nil
    header = object
    itemStarts = starts
    self.regionEnd = regionEnd
    indent = itemsIndent
  }

  mutating func next(_ bytes: Data) throws(YAMLParseError) -> YAMLStreamElement? {
    guard nextItem < itemStarts.count else { return nil }
    let start = itemStarts[nextItem]
    let end = nextItem + 1 < itemStarts.count ? itemStarts[nextItem + 1] : regionEnd
    nextItem += 1
    // The item's lines, dedented, with its `-` turned into a space: a mapping (or scalar) of its own.
    var text: [UInt8] = []
    text.reserveCapacity(end - start)
    var cursor = start
    var first = true
    while cursor < end {
      let lineEnd = min(YAMLStreamReader.lineEnd(bytes, from: cursor), end)
      var line = Array(bytes[cursor..<lineEnd])
      let drop = min(indent, Self.leadingSpaces(bytes, cursor..<lineEnd))
      line.removeFirst(drop)
      if first {
        line[0] = 0x20
        first = false
      }
      text.append(contentsOf: line)
      text.append(0x0A)
      cursor = lineEnd < end ? lineEnd + 1 : lineEnd
    }
    do {
      let value = try YAMLDocuments.parse(String(decoding: text, as: UTF8.self))
      return .listItem(value, header: header, document: document, item: nextItem - 1)
    } catch {
      throw YAMLParseError(message: "items[\(nextItem - 1)]: \(error.message)")
    }
  }

  static func leadingSpaces(_ bytes: Data, _ line: Range<Int>) -> Int {
    var count = 0
    var i = line.lowerBound
    while i < line.upperBound, bytes[i] == 0x20 {
      count += 1
      i += 1
    }
    return count
  }

  /// `- …` or a lone `-` after `spaces` spaces.
  static func isItemStart(_ bytes: Data, _ line: Range<Int>, spaces: Int) -> Bool {
    let dash = line.lowerBound + spaces
    guard dash < line.upperBound, bytes[dash] == 0x2D else { return false }
    return dash + 1 == line.upperBound || bytes[dash + 1] == 0x20 || bytes[dash + 1] == 0x0D
  }

  /// `items:` at column 0 with nothing after it but spaces or a comment.
  static func isItemsKey(_ bytes: Data, _ line: Range<Int>) -> Bool {
    let key = Array("items:".utf8)
    guard line.count >= key.count, Array(bytes[line.lowerBound..<(line.lowerBound + key.count)]) == key else {
      return false
    }
    return YAMLStreamReader.isBlankOrComment(bytes, (line.lowerBound + key.count)..<line.upperBound)
  }
}

extension ItemCursor {
  /// Whether the text uses an alias (`*name` where a value or item starts), so that its items may
  /// not be parsed apart.
  static func usesAliases(_ bytes: Data, _ range: Range<Int>) -> Bool {
    var previous: UInt8 = 0x0A
    for index in range {
      let byte = bytes[index]
      if byte == 0x2A, index + 1 < range.upperBound,
        [0x0A, 0x20, 0x09, 0x5B, 0x7B, 0x2C, 0x3A, 0x2D].contains(previous)
      {
        let next = bytes[index + 1]
        let isNameCharacter =
          (next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A)
          || next == 0x5F || next == 0x2D || next == 0x2E
        if isNameCharacter { return true }
      }
      previous = byte
    }
    return false
  }
}
