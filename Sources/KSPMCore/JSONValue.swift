/// A JSON value that keeps object members in their original order.
///
/// Used for raw Kubernetes objects, parsed configuration files, rule evidence and everything
/// else that ends up inside a finding document.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The member `key` of an object, or `nil` for other values and missing members.
  public subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  /// Follows a path of object keys, e.g. `value[path: "spec", "securityContext"]`.
  public subscript(path keys: String...) -> JSONValue? {
    var current: JSONValue? = self
    for key in keys { current = current?[key] }
    return current
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// Integers, and doubles that hold a whole number.
  public var intValue: Int64? {
    switch self {
    case .int(let i): return i
    case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
    default: return nil
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var objectValue: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
  }
  public init(nilLiteral: ()) { self = .null }
}

/// An ordered JSON object. Keys are unique; setting an existing key replaces its value in place.
public struct JSONObject: Sendable, Hashable {
  /// One `key: value` pair.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  public private(set) var members: [Member]

  public init() { members = [] }

  /// Builds an object from members; a later duplicate key replaces an earlier one.
  public init(_ members: [Member]) {
    self.members = []
    self.members.reserveCapacity(members.count)
    if members.count <= 16 {
      for m in members { self[m.key] = m.value }
    } else {
      var index: [String: Int] = [:]
      for m in members {
        if let i = index[m.key] {
          self.members[i].value = m.value
        } else {
          index[m.key] = self.members.count
          self.members.append(m)
        }
      }
    }
  }

  public var count: Int { members.count }
  public var isEmpty: Bool { members.isEmpty }
  public var keys: [String] { members.map(\.key) }

  public subscript(key: String) -> JSONValue? {
    get {
      for m in members where m.key == key { return m.value }
      return nil
    }
    set {
      if let i = members.firstIndex(where: { $0.key == key }) {
        if let newValue { members[i].value = newValue } else { members.remove(at: i) }
      } else if let newValue {
        members.append(Member(key: key, value: newValue))
      }
    }
  }

  /// Appends without checking for an existing key; for builders that know keys are new.
  public mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
    members.append(Member(key: key, value: value))
  }
}
