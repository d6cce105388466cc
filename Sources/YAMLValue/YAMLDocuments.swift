import Foundation
import KSPMCore
import Yams

/// Why a YAML text could not be read, with the line and column when the parser knows them.
public struct YAMLParseError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Reads YAML (which includes JSON) into ``JSONValue``s.
///
/// Scalars are typed by the YAML 1.1 core resolver as Kubernetes tools do (`true`, `8080`, `1.5`,
/// `null`); quoted scalars stay strings. Expansion of aliases is bounded so that a hostile
/// document ("billion laughs") fails with an error instead of exhausting memory.
public enum YAMLDocuments {
  /// At most this many nodes are produced from one text, aliases expanded.
  public static let maxNodes = 5_000_000
  /// At most this many nesting levels.
  public static let maxDepth = 512

  /// Every document of a multi-document stream (`---` separated). Empty documents are skipped.
  public static func parseAll(_ text: String) throws(YAMLParseError) -> [JSONValue] {
    do {
      var budget = maxNodes
      var result: [JSONValue] = []
      var sequence = try Yams.compose_all(yaml: text)
      while let node = sequence.next() {
        let value = try convert(node, depth: 0, budget: &budget)
        if !value.isNull { result.append(value) }
      }
      if let error = sequence.error { throw error }
      return result
    } catch let error as YAMLParseError {
      throw error
    } catch {
      throw YAMLParseError(message: Self.describe(error))
    }
  }

  /// Exactly one document (an empty text gives `null`).
  public static func parse(_ text: String) throws(YAMLParseError) -> JSONValue {
    let documents = try parseAll(text)
    if documents.count > 1 { throw YAMLParseError(message: "expected one YAML document, found \(documents.count)") }
    return documents.first ?? .null
  }

  /// What is wrong and where, never quoting the text (see ``YAMLErrorDescription``).
  static func describe(_ error: any Error) -> String { YAMLErrorDescription.describe(error) }

  static func convert(_ node: Node, depth: Int, budget: inout Int) throws -> JSONValue {
    budget -= 1
    if budget < 0 { throw YAMLParseError(message: "YAML document expands to more than \(maxNodes) nodes") }
    if depth > maxDepth { throw YAMLParseError(message: "YAML nesting deeper than \(maxDepth) levels") }
    switch node {
    case .scalar(let scalar):
      return scalarValue(scalar, tag: node.tag)
    case .sequence(let sequence):
      var elements: [JSONValue] = []
      elements.reserveCapacity(sequence.count)
      for child in sequence { elements.append(try convert(child, depth: depth + 1, budget: &budget)) }
      return .array(elements)
    case .mapping(let mapping):
      var members: [JSONObject.Member] = []
      members.reserveCapacity(mapping.count)
      for (key, value) in mapping {
        let keyText: String
        switch key {
        case .scalar(let s): keyText = s.string
        default: keyText = JSONWriter.string(try convert(key, depth: depth + 1, budget: &budget))
        }
        members.append(JSONObject.Member(key: keyText, value: try convert(value, depth: depth + 1, budget: &budget)))
      }
      return .object(JSONObject(members))
    case .alias:
      throw YAMLParseError(message: "unresolved YAML alias")
    }
  }

  static func scalarValue(_ scalar: Node.Scalar, tag: Tag) -> JSONValue {
    let text = scalar.string
    switch Tag.Name(rawValue: tag.rawValue) {
    case .null: return .null
    case .bool:
      switch text.lowercased() {
      case "true", "yes", "on", "y": return .bool(true)
      case "false", "no", "off", "n": return .bool(false)
      default: return .string(text)
      }
    case .int:
      let cleaned = text.replacingOccurrences(of: "_", with: "")
      if let i = Int64(cleaned) { return .int(i) }
      if cleaned.hasPrefix("0x"), let i = Int64(cleaned.dropFirst(2), radix: 16) { return .int(i) }
      if cleaned.hasPrefix("0o"), let i = Int64(cleaned.dropFirst(2), radix: 8) { return .int(i) }
      if let d = Double(cleaned) { return .double(d) }
      return .string(text)
    case .float:
      switch text.lowercased() {
      case ".inf", "+.inf", "-.inf", ".nan": return .string(text)
      default: return Double(text.replacingOccurrences(of: "_", with: "")).map(JSONValue.double) ?? .string(text)
      }
    default:
      return .string(text)
    }
  }
}
