import Benchmarks
import KSPMCore

/// Which resources an exception covers: every setting given must match (an empty selector
/// matches every resource). Patterns are globs (`*` any run of characters, `?` one).
public struct ResourceSelector: Sendable, Hashable, CustomStringConvertible {
  /// Namespaces of Kubernetes objects; a selector with namespaces matches no cluster-scoped object
  /// and no node or cloud resource.
  public var namespaces: [RuleNumberPattern]
  /// Kubernetes kinds (`Pod`, `ClusterRole`), `file`, `directory`, `process`, or a cloud
  /// resource's type or sub-type (`aws-ecr`); compared without case.
  public var kinds: [String]
  /// The object's name, the file's path on the node, the process's executable, the cloud
  /// resource's name.
  public var names: [RuleNumberPattern]
  /// Labels a Kubernetes object must carry, each value a glob.
  public var labels: [String: RuleNumberPattern]

  public init(
    namespaces: [String] = [], kinds: [String] = [], names: [String] = [], labels: [String: String] = [:]
  ) {
    self.namespaces = namespaces.map(RuleNumberPattern.init)
    self.kinds = kinds
    self.names = names.map(RuleNumberPattern.init)
    self.labels = labels.mapValues(RuleNumberPattern.init)
  }

  public var isEmpty: Bool { namespaces.isEmpty && kinds.isEmpty && names.isEmpty && labels.isEmpty }

  public func matches(_ resource: Resource) -> Bool {
    let object = resource.kubernetesObject
    if !namespaces.isEmpty {
      guard let namespace = object?.namespace, namespaces.contains(where: { $0.matches(namespace) }) else {
        return false
      }
    }
    if !kinds.isEmpty {
      let own = Self.kindNames(of: resource).map { $0.lowercased() }
      guard kinds.contains(where: { own.contains($0.lowercased()) }) else { return false }
    }
    if !names.isEmpty {
      let name = Self.name(of: resource)
      guard names.contains(where: { $0.matches(name) }) else { return false }
    }
    if !labels.isEmpty {
      guard let own = object?.object[path: "metadata", "labels"] else { return false }
      for (key, pattern) in labels {
        guard let value = own[key]?.stringValue, pattern.matches(value) else { return false }
      }
    }
    return true
  }

  /// The kinds a selector may name `resource` by.
  static func kindNames(of resource: Resource) -> [String] {
    switch resource.payload {
    case .kubernetes(let object): [object.kind]
    case .file: ["file", resource.subType]
    case .process: ["process"]
    case .cloud: [resource.type.rawValue, resource.subType]
    }
  }

  /// What a name pattern is matched against.
  static func name(of resource: Resource) -> String {
    switch resource.payload {
    case .kubernetes(let object): object.name
    case .file(let file): file.hostPath
    case .process(let process): process.executable
    case .cloud(let cloud): cloud.name
    }
  }

  /// `namespace kube-system, kind Pod, name kube-proxy-*, labels k8s-app=kube-proxy`; `every resource`.
  public var description: String {
    var parts: [String] = []
    if !namespaces.isEmpty { parts.append("namespace " + namespaces.map(\.text).joined(separator: "|")) }
    if !kinds.isEmpty { parts.append("kind " + kinds.joined(separator: "|")) }
    if !names.isEmpty { parts.append("name " + names.map(\.text).joined(separator: "|")) }
    if !labels.isEmpty {
      parts.append(
        "labels " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }.joined(separator: ","))
    }
    return parts.isEmpty ? "every resource" : parts.joined(separator: ", ")
  }
}
