import KSPMCore

/// What a failing resource shows and what would pass, in one line:
/// `found --profiling: true (default); expected --profiling: equals false`. Each expected setting
/// is looked up in the evidence: a field of its own, a process flag, a kubelet config-file key,
/// or a default the check judged.
public enum EvidenceText {
  public static func line(_ evaluation: Evaluation, limit: Int = 300) -> String {
    guard case .object(let expected)? = evaluation.expected, !expected.isEmpty else {
      return cut("found " + compact(evaluation.evidence), limit)
    }
    let found = expected.members.map { "\($0.key): \(lookup($0.key, in: evaluation.evidence))" }
    let wanted = expected.members.map { "\($0.key): \(compact($0.value))" }
    return cut("found \(found.joined(separator: "; ")); expected \(wanted.joined(separator: "; "))", limit)
  }

  /// The value of the setting `key` in `evidence`, or `unset`.
  static func lookup(_ key: String, in evidence: JSONValue) -> String {
    if let value = evidence[key] { return compact(value) }
    if let value = evidence[path: "defaults", key] { return compact(value) + " (default)" }
    if let value = evidence[path: "defaults", key + " (zero in the config file)"] {
      return compact(value) + " (default for a zero in the config file)"
    }
    // `--flag`, `--flag:key` (a key of a map flag), or a kubelet setting `--flag [key] / config.path`.
    let parts = key.components(separatedBy: " / ")
    let flagPart = parts[0].split(separator: " ", maxSplits: 1).map(String.init)
    var flag = flagPart.first ?? key
    var mapKey = flagPart.count > 1 ? flagPart[1] : nil
    if mapKey == nil, let colon = flag.firstIndex(of: ":") {
      mapKey = String(flag[flag.index(after: colon)...])
      flag = String(flag[..<colon])
    }
    if let value = evidence[path: "process_args", flag]?.stringValue {
      guard let mapKey else { return value.isEmpty ? "set" : value }
      if let entry = mapEntry(mapKey, in: value) { return entry }
    }
    if parts.count > 1 {
      var node: JSONValue? = evidence[path: "process_config", "config"]
      for component in parts[1].split(separator: ".") { node = node?[String(component)] }
      if let mapKey { node = node?[mapKey] }
      if let node { return compact(node) + " (config file)" }
    }
    return "unset"
  }

  /// The value of `key` in a `k=v,k=v` flag value.
  static func mapEntry(_ key: String, in value: String) -> String? {
    for pair in value.split(separator: ",") {
      let sides = pair.split(separator: "=", maxSplits: 1)
      if sides.count == 2, sides[0].trimmingCharacters(in: .whitespaces) == key {
        return sides[1].trimmingCharacters(in: .whitespaces)
      }
    }
    return nil
  }

  /// A value in few characters: text as it is, a container list as `name (field=value, …)`.
  static func compact(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text.isEmpty ? "\"\"" : text
    case .null: return "unset"
    case .array(let items):
      if items.isEmpty { return "none" }
      return items.map { item in
        guard case .object(let object) = item, let name = object["name"]?.stringValue else { return compact(item) }
        let fields = object.members.filter { $0.key != "name" && $0.key != "type" }
          .map { "\($0.key)=\(compact($0.value))" }
        return fields.isEmpty ? name : "\(name) (\(fields.joined(separator: ", ")))"
      }.joined(separator: ", ")
    case .object(let object):
      return object.members.map { "\($0.key)=\(compact($0.value))" }.joined(separator: ", ")
    default: return JSONWriter.string(value)
    }
  }

  static func cut(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }
}
