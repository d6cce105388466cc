import KSPMCore

/// JSON with two-space indentation and members in their stored order, for files people review
/// in diffs (rule templates, dashboards). Scalars are written as ``JSONWriter`` writes them.
public enum PrettyJSON {
  /// `value` as indented JSON text with a final newline.
  public static func text(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: "", into: &out)
    out += "\n"
    return out
  }

  static func write(_ value: JSONValue, indent: String, into out: inout String) {
    let inner = indent + "  "
    switch value {
    case .array(let items) where !items.isEmpty:
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += inner
        write(item, indent: inner, into: &out)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += indent + "]"
    case .object(let object) where !object.isEmpty:
      out += "{\n"
      for (i, member) in object.members.enumerated() {
        out += inner + JSONWriter.string(.string(member.key)) + ": "
        write(member.value, indent: inner, into: &out)
        out += i == object.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    default:
      out += JSONWriter.string(value)
    }
  }
}
