import KSPMCore

/// The API server's `/version`.
public struct KubernetesServerVersion: Sendable, Hashable {
  /// `v1.32.2`, or `v1.29.4-eks-036c24b`.
  public var gitVersion: String
  public var major: String
  public var minor: String
  public var platform: String

  public init(gitVersion: String, major: String = "", minor: String = "", platform: String = "") {
    self.gitVersion = gitVersion
    self.major = major
    self.minor = minor
    self.platform = platform
  }
}

/// One entry of an `APIResourceList`.
public struct KubernetesAPIResource: Sendable, Hashable {
  /// Plural name, or `pods/status` for a subresource.
  public var name: String
  public var kind: String
  public var namespaced: Bool
  public var verbs: [String]
}

extension KubernetesClient {
  /// `GET /version`.
  public func serverVersion() async throws -> KubernetesServerVersion {
    let body = try await request(path: "/version").body
    guard let gitVersion = body["gitVersion"]?.stringValue else {
      throw KubernetesClientError.invalidResponse(url: baseURL + "/version", message: "no gitVersion")
    }
    return KubernetesServerVersion(
      gitVersion: gitVersion, major: body["major"]?.stringValue ?? "", minor: body["minor"]?.stringValue ?? "",
      platform: body["platform"]?.stringValue ?? "")
  }

  /// The cluster id: `metadata.uid` of the `kube-system` namespace.
  public func clusterID() async throws -> String {
    let namespace = try await get(.namespace, name: "kube-system")
    guard let uid = namespace[path: "metadata", "uid"]?.stringValue, !uid.isEmpty else {
      throw KubernetesClientError.invalidResponse(
        url: baseURL + "/api/v1/namespaces/kube-system", message: "the namespace has no metadata.uid")
    }
    return uid
  }

  /// The resources of one group version (`v1`, `rbac.authorization.k8s.io/v1`), or `nil` when
  /// the server does not serve that group version (404).
  public func apiResources(groupVersion: String) async throws -> [KubernetesAPIResource]? {
    let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
    let body: JSONValue
    do {
      body = try await request(path: path).body
    } catch let error as KubernetesClientError where error.statusCode == 404 {
      return nil
    }
    guard let resources = body["resources"]?.arrayValue else {
      throw KubernetesClientError.invalidResponse(url: baseURL + path, message: "not an APIResourceList")
    }
    return resources.compactMap { entry in
      guard let name = entry["name"]?.stringValue else { return nil }
      return KubernetesAPIResource(
        name: name, kind: entry["kind"]?.stringValue ?? "", namespaced: entry["namespaced"]?.boolValue ?? false,
        verbs: entry["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
  }

  /// True when the server serves `kind` and allows listing it.
  public func serves(_ kind: KubernetesKind) async throws -> Bool {
    guard let resources = try await apiResources(groupVersion: kind.apiVersion) else { return false }
    return resources.contains { $0.name == kind.resource && ($0.verbs.isEmpty || $0.verbs.contains("list")) }
  }
}
