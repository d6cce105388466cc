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
  /// What aliases may add beyond the text itself, per text: nodes (each node of the text takes at
  /// least a byte of it, so nodes beyond the text's length come from aliases)…
  public static let maxAliasNodes = 1_000_000
  /// …and bytes of scalar text (beyond the text's own length). go-yaml bounds alias expansion the
  /// same way, so a kilobyte can never become gigabytes.
  public static let maxAliasBytes = 16 << 20
  /// At most this many nesting levels.
  public static let maxDepth = 512

  /// Every document of a multi-document stream (`---` separated). Empty documents are skipped.
  public static func parseAll(_ text: String) throws(YAMLParseError) -> [JSONValue] {
    do {
      let length = text.utf8.count
      var budget = ExpansionBudget(
        nodes: min(maxNodes, length + maxAliasNodes), bytes: length + maxAliasBytes)
      var result: [JSONValue] = []
      // The encoding is given: Yams' default reads the whole process environment on every call.
      var sequence = try Yams.compose_all(yaml: text, .default, .default, .utf8)
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

  /// What converting one text may still produce.
  struct ExpansionBudget {
    var nodes: Int
    var bytes: Int
  }

  static func convert(_ node: Node, depth: Int, budget: inout ExpansionBudget) throws -> JSONValue {
    budget.nodes -= 1
    if budget.nodes < 0 {
      throw YAMLParseError(
        message: "YAML aliases expand to too many nodes (more than \(maxAliasNodes) beyond the text)")
    }
    if depth > maxDepth { throw YAMLParseError(message: "YAML nesting deeper than \(maxDepth) levels") }
    switch node {
    case .scalar(let scalar):
      budget.bytes -= scalar.string.utf8.count
      if budget.bytes < 0 {
        throw YAMLParseError(
          message: "YAML aliases expand to too much text (more than \(maxAliasBytes >> 20) MiB beyond the text)")
      }
      return scalarValue(scalar, tag: node.tag)
    case .sequence(let sequence):
      var elements: [JSONValue] = []
      elements.reserveCapacity(sequence.count)
      for child in sequence { elements.append(try convert(child, depth: depth + 1, budget: &budget)) }
      return .array(elements)
    case .mapping(let mapping):
      var members: [JSONObject.Member] = []
      var merged: [JSONObject.Member] = []
      members.reserveCapacity(mapping.count)
      for (key, value) in mapping {
        if Tag.Name(rawValue: key.tag.rawValue) == .merge {
          // `<<: *base` or `<<: [*a, *b]`: the keys of the merged mappings this one does not set.
          merged += try mergedMembers(value, depth: depth + 1, budget: &budget)
          continue
        }
        let keyText: String
        switch key {
        case .scalar(let s): keyText = s.string
        default: keyText = JSONWriter.string(try convert(key, depth: depth + 1, budget: &budget))
        }
        members.append(JSONObject.Member(key: keyText, value: try convert(value, depth: depth + 1, budget: &budget)))
      }
      if !merged.isEmpty {
        var present = Set(members.map(\.key))
        for member in merged where present.insert(member.key).inserted { members.append(member) }
      }
      return .object(JSONObject(members))
    case .alias:
      throw YAMLParseError(message: "unresolved YAML alias")
    }
  }

  /// The members a merge key brings, earlier mappings first (an earlier one wins a key).
  static func mergedMembers(_ value: Node, depth: Int, budget: inout ExpansionBudget) throws -> [JSONObject.Member] {
    switch value {
    case .mapping:
      return try convert(value, depth: depth, budget: &budget).objectValue?.members ?? []
    case .sequence(let sequence):
      var all: [JSONObject.Member] = []
      for item in sequence {
        guard case .mapping = item else {
          throw YAMLParseError(message: "a merge key (<<) takes a mapping or a list of mappings")
        }
        all += try mergedMembers(item, depth: depth, budget: &budget)
      }
      return all
    default:
      throw YAMLParseError(message: "a merge key (<<) takes a mapping or a list of mappings")
    }
  }

  static func scalarValue(_ scalar: Node.Scalar, tag: Tag) -> JSONValue {
    let text = scalar.string
    // kubectl's YAML reader (go-yaml v2, YAML 1.1) also takes a plain y/Y/n/N as a boolean.
    if scalar.style == .plain, text.count == 1, Tag.Name(rawValue: tag.rawValue) == .str {
      switch text {
      case "y", "Y": return .bool(true)
      case "n", "N": return .bool(false)
      default: break
      }
    }
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
