import KSPMCore

/// A Pod read once for the pod-security checks: its host-namespace flags, its pod-level security
/// context and every container (`containers`, `initContainers`, `ephemeralContainers`).
public struct PodView: Sendable {
  public var object: KubernetesObject
  public var spec: JSONValue
  /// `spec.securityContext` (a `PodSecurityContext`).
  public var securityContext: JSONValue?
  public var containers: [Container]

  public init(_ object: KubernetesObject) {
    self.object = object
    spec = object.object["spec"] ?? .null
    securityContext = spec["securityContext"]
    var containers: [Container] = []
    for list in Container.List.allCases {
      for c in spec[list.rawValue]?.arrayValue ?? [] {
        containers.append(
          Container(list: list, name: c["name"]?.stringValue ?? "", securityContext: c["securityContext"]))
      }
    }
    self.containers = containers
  }

  /// One container and its own `securityContext`.
  public struct Container: Sendable {
    public enum List: String, Sendable, CaseIterable {
      case containers
      case initContainers
      case ephemeralContainers
    }

    public var list: List
    public var name: String
    public var securityContext: JSONValue?

    public var privileged: Bool { securityContext?["privileged"]?.boolValue == true }

    /// Capability names as Kubernetes spells them: upper case, without a `CAP_` prefix.
    public var added: [String] { Self.capabilities(securityContext?[path: "capabilities", "add"]) }
    public var dropped: [String] { Self.capabilities(securityContext?[path: "capabilities", "drop"]) }

    static func capabilities(_ value: JSONValue?) -> [String] {
      (value?.arrayValue ?? []).compactMap { $0.stringValue }.map { name in
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
      }
    }
  }

  /// The container's setting, else the pod-level one (Kubernetes applies the pod's
  /// `runAsUser`, `runAsGroup`, `runAsNonRoot`, `seLinuxOptions`, … to containers that leave them unset).
  public func inherited(_ field: String, for container: Container) -> (value: JSONValue, from: String)? {
    if let v = container.securityContext?[field], !v.isNull { return (v, "container") }
    if let v = securityContext?[field], !v.isNull { return (v, "pod") }
    return nil
  }
}
