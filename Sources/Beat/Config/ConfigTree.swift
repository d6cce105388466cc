import KSPMCore

/// Beats-style key handling: a dotted key is the same as nested maps, and maps merge.
///
/// `output.elasticsearch.hosts: [a]` and `output: {elasticsearch: {hosts: [a]}}` give the same tree.
/// When two entries name the same map they merge key by key; any other value (scalar, list, null)
/// replaces what was there, the later one winning, so lists are replaced, never concatenated.
enum ConfigTree {
  /// Splits every dotted key (at any depth, inside lists too) into nested maps and merges them.
  /// Throws the dotted path of a key with an empty segment (`a..b`, `.a`, `a.`).
  static func normalize(_ value: JSONValue, path: [String] = []) throws(KeyError) -> JSONValue {
    switch value {
    case .object(let object):
      // Built in a map that finds each key in constant time: a file with many keys (thousands of
      // headers) loads in time linear in its size.
      let result = MapBuilder()
      for member in object.members {
        let segments = member.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if segments.contains(where: \.isEmpty) {
          throw KeyError(path: path, reason: "key \"\(member.key)\" has an empty segment")
        }
        result.set(segments[...], to: try normalize(member.value, path: path + segments))
      }
      return .object(result.object)
    case .array(let elements):
      var result: [JSONValue] = []
      result.reserveCapacity(elements.count)
      for (index, element) in elements.enumerated() {
        result.append(try normalize(element, path: path + ["[\(index)]"]))
      }
      return .array(result)
    default:
      return value
    }
  }

  /// Sets `value` at `path` inside `object`, creating maps on the way and merging maps at the end.
  static func set(_ object: inout JSONObject, at path: some Collection<String>, to value: JSONValue) {
    guard let key = path.first else { return }
    let rest = path.dropFirst()
    if rest.isEmpty {
      if case .object(let existing) = object[key], case .object(let incoming) = value {
        object[key] = .object(merge(existing, incoming))
      } else {
        object[key] = value
      }
      return
    }
    var child = object[key]?.objectValue ?? JSONObject()
    set(&child, at: rest, to: value)
    object[key] = .object(child)
  }

  /// `overlay` merged onto `base`: maps merge recursively, everything else in `overlay` replaces.
  static func merge(_ base: JSONObject, _ overlay: JSONObject) -> JSONObject {
    var result = base
    for member in overlay.members { set(&result, at: [member.key], to: member.value) }
    return result
  }

  /// A map under construction with the semantics of ``set(_:at:to:)``: keys keep the position
  /// they were first set at, and each is found in constant time.
  final class MapBuilder {
    private enum Entry {
      case value(JSONValue)
      case map(MapBuilder)
    }
    private var keys: [String] = []
    private var entries: [String: Entry] = [:]

    /// Sets `value` at `path`, creating maps on the way (replacing values that are not maps) and
    /// merging a map into a map at the end.
    func set(_ path: ArraySlice<String>, to value: JSONValue) {
      guard let key = path.first else { return }
      let rest = path.dropFirst()
      if entries[key] == nil { keys.append(key) }
      if rest.isEmpty, case .object(let incoming) = value {
        let map = self.map(at: key)
        for member in incoming.members { map.set([member.key][...], to: member.value) }
      } else if rest.isEmpty {
        entries[key] = .value(value)
      } else {
        map(at: key).set(rest, to: value)
      }
    }

    /// The map at `key`, created (in place of any other value) when there is none.
    private func map(at key: String) -> MapBuilder {
      if case .map(let existing)? = entries[key] { return existing }
      let created = MapBuilder()
      entries[key] = .map(created)
      return created
    }

    var object: JSONObject {
      var object = JSONObject()
      for key in keys {
        switch entries[key] {
        case .map(let map)?: object.appendUnchecked(key, .object(map.object))
        case .value(let value)?: object.appendUnchecked(key, value)
        case nil: break
        }
      }
      return object
    }
  }

  /// A key that can't be split, at the dotted path of its parent map.
  struct KeyError: Error {
    var path: [String]
    var reason: String
  }

  /// `["output", "elasticsearch", "hosts", "[0]"]` → `output.elasticsearch.hosts[0]`.
  static func dotted(_ path: [String]) -> String {
    var text = ""
    for segment in path {
      if segment.hasPrefix("[") || text.isEmpty {
        text += segment
      } else {
        text += "." + segment
      }
    }
    return text
  }
}
