import KSPMCore

/// A reusable predicate over one file or directory.
public protocol FileCheck: Sendable, CustomStringConvertible {
  func evaluate(_ file: FileResource) -> Evaluation
}

/// A reusable predicate over one running process (its flags, and parsed config files).
public protocol ProcessCheck: Sendable, CustomStringConvertible {
  func evaluate(_ process: ProcessResource) -> Evaluation
}

/// A reusable predicate over one Kubernetes API object, which may consult the cycle's cluster-wide
/// context (another object's settings: the Pod's ServiceAccount, the bindings naming an account).
public protocol KubernetesObjectCheck: Sendable, CustomStringConvertible {
  /// Whether this object is one the check judges (all objects of the rule's kinds by default).
  func applies(to object: KubernetesObject) -> Bool
  /// The kinds the context must be built from for this check (none by default).
  var contextKinds: [KubernetesKind] { get }
  func evaluate(_ object: KubernetesObject, context: ClusterContext) -> Evaluation
}

extension KubernetesObjectCheck {
  public func applies(to object: KubernetesObject) -> Bool { true }
  public var contextKinds: [KubernetesKind] { [] }

  /// The verdict in a cluster with no other objects.
  public func evaluate(_ object: KubernetesObject) -> Evaluation { evaluate(object, context: ClusterContext()) }
}

/// A reusable predicate over one Pod, read once into a ``PodView`` and shared by every pod check.
public protocol PodCheck: Sendable, CustomStringConvertible {
  func evaluate(_ pod: PodView) -> Evaluation
}

/// A reusable predicate over one cloud-provider resource (an EKS cluster, an ECR repository, a
/// load balancer), reading the provider's own shape of it.
public protocol CloudResourceCheck: Sendable, CustomStringConvertible {
  func evaluate(_ resource: CloudResource) -> Evaluation
}

/// The check a rule runs, by the kind of resource it reads.
public enum Check: Sendable, CustomStringConvertible {
  case file(any FileCheck)
  case process(any ProcessCheck)
  case object(any KubernetesObjectCheck)
  case pod(any PodCheck)
  case cloud(any CloudResourceCheck)

  public var description: String {
    switch self {
    case .file(let c): c.description
    case .process(let c): c.description
    case .object(let c): c.description
    case .pod(let c): c.description
    case .cloud(let c): c.description
    }
  }
}
