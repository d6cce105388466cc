import KSPMCore

/// A Role or ClusterRole must not grant `*` in the `apiGroups`, `resources` or `verbs` of any rule.
///
/// Evidence: the role's identity and the offending rules, each with the fields that hold `*`.
public struct RBACWildcardCheck: KubernetesObjectCheck, Hashable {
  public static let fields = ["apiGroups", "resources", "verbs"]

  public init() {}

  public func evaluate(_ object: KubernetesObject, context: ClusterContext) -> Evaluation {
    var offending: [JSONValue] = []
    for rule in object.object["rules"]?.arrayValue ?? [] {
      let wildcardFields = Self.fields.filter { field in
        rule[field]?.arrayValue?.contains { $0.stringValue == "*" } ?? false
      }
      guard !wildcardFields.isEmpty else { continue }
      offending.append(["rule": rule, "wildcards": .array(wildcardFields.map { .string($0) })])
    }
    return Evaluation(
      offending.isEmpty ? .passed : .failed,
      evidence: ["role": identity(object), "wildcard_rules": .array(offending)],
      expected: ["wildcard_rules": []])
  }

  public var description: String { "no rule has * in apiGroups, resources or verbs" }
}

/// `{"kind", "name", "namespace"?, "uid"}` of an object, for evidence.
func identity(_ object: KubernetesObject) -> JSONValue {
  var o = JSONObject()
  o["kind"] = .string(object.kind)
  o["name"] = .string(object.name)
  if let ns = object.namespace { o["namespace"] = .string(ns) }
  o["uid"] = .string(object.uid)
  return .object(o)
}
