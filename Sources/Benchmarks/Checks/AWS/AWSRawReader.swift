import KSPMCore

/// A field of an AWS resource's raw JSON that has the wrong type: the rule reading it is not
/// evaluated, and the reason names the field (`Cluster.Logging.ClusterLogging[1].Enabled is a
/// string, not a boolean`).
struct AWSShapeError: Error {
  let reason: String
}

/// Reads one object of an AWS resource's raw JSON (the Go SDK's PascalCase shape) for a check.
///
/// A field that is missing or `null` reads as `nil`, since the SDK writes unset optional fields as
/// `null`; the check then applies the rule's meaning of "unset". A field present with another type
/// throws, so that a malformed resource is never judged from a guess.
struct AWSRawReader {
  /// The object read.
  let object: JSONObject
  /// Where it is, for messages (`Cluster.ResourcesVpcConfig`).
  let path: String

  init(_ object: JSONObject, path: String) {
    self.object = object
    self.path = path
  }

  /// The object at `value`, or `nil` when it is missing or null.
  static func object(_ value: JSONValue?, path: String) throws(AWSShapeError) -> AWSRawReader? {
    try typed(value, path, "an object", \.objectValue).map { AWSRawReader($0, path: path) }
  }

  func bool(_ key: String) throws(AWSShapeError) -> Bool? {
    try Self.typed(object[key], at(key), "a boolean", \.boolValue)
  }

  func string(_ key: String) throws(AWSShapeError) -> String? {
    try Self.typed(object[key], at(key), "a string", \.stringValue)
  }

  func object(_ key: String) throws(AWSShapeError) -> AWSRawReader? {
    try Self.object(object[key], path: at(key))
  }

  /// A list of objects, each read in turn.
  func objects(_ key: String) throws(AWSShapeError) -> [AWSRawReader]? {
    try list(key, "an object", \.objectValue)?.enumerated().map { AWSRawReader($1, path: "\(at(key))[\($0)]") }
  }

  /// A list of strings.
  func strings(_ key: String) throws(AWSShapeError) -> [String]? {
    try list(key, "a string", \.stringValue)
  }

  /// The field as given (for evidence).
  subscript(key: String) -> JSONValue { object[key] ?? .null }

  private func list<T>(_ key: String, _ expected: String, _ cast: (JSONValue) -> T?) throws(AWSShapeError) -> [T]? {
    guard let items = try Self.typed(object[key], at(key), "a list", \.arrayValue) else { return nil }
    var values: [T] = []
    for (i, item) in items.enumerated() {
      guard let value = cast(item) else { throw Self.mistyped("\(at(key))[\(i)]", item, expected) }
      values.append(value)
    }
    return values
  }

  private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// `value` cast to its expected type; `nil` when missing or null.
  private static func typed<T>(
    _ value: JSONValue?, _ path: String, _ expected: String, _ cast: (JSONValue) -> T?
  ) throws(AWSShapeError) -> T? {
    guard let value, !value.isNull else { return nil }
    guard let typed = cast(value) else { throw mistyped(path, value, expected) }
    return typed
  }

  private static func mistyped(_ path: String, _ value: JSONValue, _ expected: String) -> AWSShapeError {
    let given =
      switch value {
      case .null: "null"
      case .bool: "a boolean"
      case .int, .double: "a number"
      case .string: "a string"
      case .array: "a list"
      case .object: "an object"
      }
    return AWSShapeError(reason: "\(path) is \(given), not \(expected)")
  }
}

extension Evaluation {
  /// Runs `judge`, or answers not evaluated with the reason a field of the raw resource has the
  /// wrong type.
  static func readingAWSFields(_ judge: () throws(AWSShapeError) -> Evaluation) -> Evaluation {
    do {
      return try judge()
    } catch {
      return .notEvaluated(error.reason)
    }
  }
}
