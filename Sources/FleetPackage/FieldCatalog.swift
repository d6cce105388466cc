import Foundation
import KSPMCore
import YAMLValue

/// One declared field of a data stream: its dotted path, its Elasticsearch type, and whether it
/// is indexed at all (`enabled: false` keeps an object in `_source` only).
public struct FieldDefinition: Sendable, Hashable {
  public var path: String
  public var type: String
  public var enabled: Bool

  public init(path: String, type: String, enabled: Bool = true) {
    self.path = path
    self.type = type
    self.enabled = enabled
  }
}

/// The fields a package declares in a `fields/` folder (package-spec field files: lists of
/// `name`/`type`, with `group`s nesting their `fields`), by dotted path.
public struct FieldCatalog: Sendable {
  public let fields: [String: FieldDefinition]

  public init(_ definitions: [FieldDefinition]) {
    fields = Dictionary(definitions.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Every `*.yml` file of `folder`.
  public static func load(folder: URL) throws -> FieldCatalog {
    var definitions: [FieldDefinition] = []
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }
    for file in files.sorted() {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      definitions += try parse(YAMLDocuments.parse(text), file: file)
    }
    return FieldCatalog(definitions)
  }

  /// The leaf fields of one file's list (groups are walked, not listed).
  public static func parse(_ list: JSONValue, file: String, prefix: String = "") throws -> [FieldDefinition] {
    guard let entries = list.arrayValue else { throw FieldCatalogError("\(file): not a list of fields") }
    var result: [FieldDefinition] = []
    for entry in entries {
      guard let name = entry["name"]?.stringValue else { throw FieldCatalogError("\(file): a field without a name") }
      let path = prefix.isEmpty ? name : prefix + "." + name
      let type = entry["type"]?.stringValue ?? "keyword"
      if type == "group" {
        result += try parse(entry["fields"] ?? .array([]), file: file, prefix: path)
      } else {
        result.append(FieldDefinition(path: path, type: type, enabled: entry["enabled"]?.boolValue ?? true))
      }
    }
    return result
  }

  public subscript(path: String) -> FieldDefinition? { fields[path] }

  /// The declared field at `path` or the closest declared object above it that is not indexed
  /// (whose contents are therefore free-form), else `nil`.
  public func declaration(covering path: String) -> FieldDefinition? {
    if let field = fields[path] { return field }
    var prefix = Substring(path)
    while let dot = prefix.lastIndex(of: ".") {
      prefix = prefix[..<dot]
      if let field = fields[String(prefix)], !field.enabled { return field }
    }
    return nil
  }
}

/// A field file that is not a list of named fields.
public struct FieldCatalogError: Error, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
