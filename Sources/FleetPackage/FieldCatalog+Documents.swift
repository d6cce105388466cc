import KSPMCore

extension FieldCatalog {
  /// What in `document` the mapping would not take as declared: fields that are not declared
  /// (and not inside an object kept out of the index), and values whose JSON kind does not fit
  /// the declared type (a string in a `long`, an object in a `keyword`, a date that is not ISO
  /// 8601). An empty list means every field is declared with a matching type.
  public func problems(in document: JSONValue) -> [String] {
    var problems: [String] = []
    check(document, path: "", into: &problems)
    return problems
  }

  private func check(_ value: JSONValue, path: String, into problems: inout [String]) {
    if !path.isEmpty, let field = declaration(covering: path) {
      if !field.enabled {
        if case .object = value {
        } else if !value.isNull {
          problems.append("\(path): \(Self.kind(value)) where a free-form object is declared")
        }
        return
      }
      let values = value.arrayValue ?? [value]
      for item in values where !item.isNull && !Self.fits(item, type: field.type) {
        problems.append("\(path): \(Self.kind(item)) does not fit the declared type \(field.type)")
      }
      return
    }
    if case .object(let object) = value, !object.isEmpty {
      for member in object.members {
        check(member.value, path: path.isEmpty ? member.key : path + "." + member.key, into: &problems)
      }
    } else if case .array(let items) = value, items.contains(where: { $0.objectValue != nil }) {
      for item in items { check(item, path: path, into: &problems) }
    } else {
      problems.append("\(path): not declared")
    }
  }

  /// Whether one JSON value is what Elasticsearch indexes into a field of `type`.
  static func fits(_ value: JSONValue, type: String) -> Bool {
    switch type {
    case "keyword", "constant_keyword", "wildcard", "text", "match_only_text", "version", "ip":
      return value.stringValue != nil
    case "long", "integer", "short", "byte", "unsigned_long":
      if case .int = value { return true }
      return false
    case "double", "float", "half_float", "scaled_float":
      return value.doubleValue != nil
    case "boolean":
      return value.boolValue != nil
    case "date":
      if case .int = value { return true }
      return value.stringValue.map(isDate) ?? false
    case "object", "flattened", "nested":
      return value.objectValue != nil
    default:
      return false
    }
  }

  /// `2023-09-12T10:00:01.207Z`, `2023-09-01T08:00:02.000000000Z`, `…+02:00`.
  static func isDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < bytes.count && (48...57).contains(bytes[$0]) } }
    guard bytes.count >= 20, digits(0..<4), bytes[4] == 45, digits(5..<7), bytes[7] == 45, digits(8..<10),
      bytes[10] == 84, digits(11..<13), bytes[13] == 58, digits(14..<16), bytes[16] == 58, digits(17..<19)
    else { return false }
    var i = 19
    if bytes[i] == 46 {
      i += 1
      let start = i
      while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
      guard (1...9).contains(i - start) else { return false }
    }
    let zone = Array(bytes[i...])
    return zone == [90] || (zone.count == 6 && (zone[0] == 43 || zone[0] == 45) && zone[3] == 58)
  }

  static func kind(_ value: JSONValue) -> String {
    switch value {
    case .string: return "a string"
    case .int, .double: return "a number"
    case .bool: return "a boolean"
    case .array: return "an array"
    case .object: return "an object"
    case .null: return "null"
    }
  }
}
