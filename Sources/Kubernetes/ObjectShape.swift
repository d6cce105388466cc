import KSPMCore

/// Checks that the fields the rules read have the types the API server enforces. An object that
/// fails (`privileged: "true"`, `containers` as a map, `verbs` as a string) could never be stored
/// by a real cluster; it is reported as invalid and not judged, so it can never pass a rule by
/// being misread.
public enum ObjectShape {
  /// What is wrong with the object, naming the field (`spec.containers[1].securityContext.privileged:
  /// expected a boolean, found a string`); `nil` when every field a rule reads has its type.
  public static func problem(_ object: JSONValue) -> String? {
    guard case .object = object else { return "expected an object" }
    var checker = Checker()
    checker.check(object, "metadata", .object)
    if case .object(let metadata)? = object["metadata"] {
      for field in ["name", "namespace", "uid"] { checker.check(.object(metadata), "metadata", field, .string) }
      checker.check(.object(metadata), "metadata", "annotations", .object)
    }
    switch object["kind"]?.stringValue {
    case "Pod": checkPod(object, &checker)
    case "Role", "ClusterRole": checkRole(object, &checker)
    case "ServiceAccount": checker.check(object, "automountServiceAccountToken", .bool)
    case "RoleBinding", "ClusterRoleBinding": checkBinding(object, &checker)
    default: break
    }
    return checker.problem
  }

  static func checkPod(_ pod: JSONValue, _ checker: inout Checker) {
    checker.check(pod, "spec", .object)
    guard let spec = pod["spec"], case .object = spec else { return }
    for field in ["hostPID", "hostIPC", "hostNetwork", "automountServiceAccountToken"] {
      checker.check(spec, "spec", field, .bool)
    }
    for field in ["serviceAccountName", "serviceAccount"] { checker.check(spec, "spec", field, .string) }
    checker.check(spec, "spec", "securityContext", .object)
    if let context = spec["securityContext"] { checkSecurityContext(context, "spec.securityContext", &checker) }
    for list in ["containers", "initContainers", "ephemeralContainers"] {
      checker.check(spec, "spec", list, .array)
      for (index, container) in (spec[list]?.arrayValue ?? []).enumerated() {
        let path = "spec.\(list)[\(index)]"
        guard case .object = container else {
          checker.fail(path, "expected an object", found: container)
          continue
        }
        checker.check(container, path, "name", .string)
        checker.check(container, path, "securityContext", .object)
        if let context = container["securityContext"] {
          checkSecurityContext(context, path + ".securityContext", &checker)
        }
      }
    }
  }

  static func checkSecurityContext(_ context: JSONValue, _ path: String, _ checker: inout Checker) {
    guard case .object = context else { return }
    for field in ["privileged", "allowPrivilegeEscalation", "runAsNonRoot", "readOnlyRootFilesystem"] {
      checker.check(context, path, field, .bool)
    }
    for field in ["runAsUser", "runAsGroup"] { checker.check(context, path, field, .integer) }
    checker.check(context, path, "capabilities", .object)
    if let capabilities = context["capabilities"], case .object = capabilities {
      for field in ["add", "drop"] { checker.check(capabilities, path + ".capabilities", field, .strings) }
    }
  }

  static func checkRole(_ role: JSONValue, _ checker: inout Checker) {
    checker.check(role, "rules", .array)
    for (index, rule) in (role["rules"]?.arrayValue ?? []).enumerated() {
      guard case .object = rule else {
        checker.fail("rules[\(index)]", "expected an object", found: rule)
        continue
      }
      for field in ["apiGroups", "resources", "verbs", "nonResourceURLs", "resourceNames"] {
        checker.check(rule, "rules[\(index)]", field, .strings)
      }
    }
  }

  static func checkBinding(_ binding: JSONValue, _ checker: inout Checker) {
    checker.check(binding, "roleRef", .object)
    checker.check(binding, "subjects", .array)
    for (index, subject) in (binding["subjects"]?.arrayValue ?? []).enumerated() {
      guard case .object = subject else {
        checker.fail("subjects[\(index)]", "expected an object", found: subject)
        continue
      }
      for field in ["kind", "name", "namespace"] { checker.check(subject, "subjects[\(index)]", field, .string) }
    }
  }

  /// The JSON types a field may have (`null` is always accepted: it means unset).
  enum Expected {
    case object, array, string, bool, integer
    /// An array of strings.
    case strings

    var name: String {
      switch self {
      case .object: "an object"
      case .array: "an array"
      case .string: "a string"
      case .bool: "a boolean"
      case .integer: "an integer"
      case .strings: "an array of strings"
      }
    }

    func accepts(_ value: JSONValue) -> Bool {
      switch (self, value) {
      case (_, .null): true
      case (.object, .object), (.array, .array), (.string, .string), (.bool, .bool), (.integer, .int): true
      case (.integer, .double(let d)): d.rounded() == d
      case (.strings, .array(let items)): items.allSatisfy { if case .string = $0 { true } else { false } }
      default: false
      }
    }
  }

  /// Keeps the first problem found.
  struct Checker {
    var problem: String?

    mutating func check(_ parent: JSONValue, _ field: String, _ expected: Expected) {
      check(parent, "", field, expected)
    }

    mutating func check(_ parent: JSONValue, _ path: String, _ field: String, _ expected: Expected) {
      guard problem == nil, let value = parent[field], !expected.accepts(value) else { return }
      fail(path.isEmpty ? field : "\(path).\(field)", "expected \(expected.name)", found: value)
    }

    mutating func fail(_ path: String, _ message: String, found value: JSONValue) {
      guard problem == nil else { return }
      problem = "\(path): \(message), found \(Self.describe(value))"
    }

    static func describe(_ value: JSONValue) -> String {
      switch value {
      case .null: "null"
      case .bool: "a boolean"
      case .int, .double: "a number"
      case .string(let s): "a string (\(JSONWriter.string(.string(JSONWriter.truncated(s, limit: 40)))))"
      case .array: "an array"
      case .object: "an object"
      }
    }
  }
}
