import KSPMCore

/// What the cluster's objects say about the cloud resources they use: the container images Pods
/// run and the host names of Services' load balancers. Its size follows the distinct images and
/// load balancers, never the number of Pods.
public struct CloudReferences: Sendable, Equatable {
  /// `spec.containers[].image` of every Pod (init containers excluded, as Elastic's ECR fetcher).
  public var images: Set<String> = []
  /// `status.loadBalancer.ingress[].hostname` of every Service.
  public var loadBalancerHostnames: Set<String> = []
  /// More distinct values than kept: the rest were not looked up.
  public var truncated = false

  /// At most this many distinct values of each kind are kept.
  public static let limit = 100_000

  public init() {}

  /// Records what `object` refers to.
  public mutating func add(_ object: KubernetesObject) {
    switch object.kind {
    case "Pod":
      for container in object.object[path: "spec", "containers"]?.arrayValue ?? [] {
        if let image = container["image"]?.stringValue, !Self.insert(image, into: &images) { truncated = true }
      }
    case "Service":
      for ingress in object.object[path: "status", "loadBalancer", "ingress"]?.arrayValue ?? [] {
        if let hostname = ingress["hostname"]?.stringValue, !Self.insert(hostname, into: &loadBalancerHostnames) {
          truncated = true
        }
      }
    default: break
    }
  }

  /// Adds `value` unless the set is full; `false` when it was left out for that reason.
  private static func insert(_ value: String, into set: inout Set<String>) -> Bool {
    // Longer than any image reference or DNS name: a hostile object, not a reference.
    guard value.utf8.count <= 4096 else { return true }
    if set.count >= limit, !set.contains(value) { return false }
    set.insert(value)
    return true
  }
}

extension CloudReferences {
  /// What the objects of `source` (Pods, Services) refer to. Problems with single objects are
  /// not reported again here: the cycle's own pass over the same objects reports them.
  static func gather(from source: any ResourceCollector) async throws -> CloudReferences {
    let references = LockedValue(CloudReferences())
    try await source.collect(diagnostics: SilentDiagnostics()) { page in
      references.withLock { r in for resource in page { if let object = resource.kubernetesObject { r.add(object) } } }
    }
    return references.withLock { $0 }
  }
}
