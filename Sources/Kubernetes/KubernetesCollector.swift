import KSPMCore

/// The `kube-api` collector: lists each kind cluster-wide and emits its objects page by page.
///
/// - A kind the API server does not serve (PodSecurityPolicy from Kubernetes 1.25 on) is skipped
///   with a diagnostics warning.
/// - An error on one kind (403, timeout, 500, an expired list that kept expiring) is a warning
///   naming the kind and the reason; the other kinds are still listed.
/// - `collect` throws only when the API server cannot be reached at all: the first request fails
///   to connect or times out, or every kind fails that way.
public struct KubernetesCollector: ResourceCollector {
  public let name = "kube-api"
  public let scope = CollectionScope.cluster
  public let client: KubernetesClient
  public let kinds: [KubernetesKind]
  public let pageSize: Int

  public init(client: KubernetesClient, kinds: [KubernetesKind], pageSize: Int = 500) {
    self.client = client
    self.kinds = kinds
    self.pageSize = pageSize
  }

  /// Marks an error thrown by `emit`, which must end the collection rather than one kind.
  private struct EmitFailure: Error {
    var underlying: any Error
  }

  public func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    // Discovery, once per group version, in the order the kinds are given.
    var served: [String: Set<String>?] = [:]
    var discoveryErrors: [String: KubernetesClientError] = [:]
    var contacted = false
    for kind in kinds where served[kind.apiVersion] == nil && discoveryErrors[kind.apiVersion] == nil {
      do {
        let resources = try await client.apiResources(groupVersion: kind.apiVersion)
        served[kind.apiVersion] = .some(
          resources.map { Set($0.filter { $0.verbs.isEmpty || $0.verbs.contains("list") }.map(\.name)) })
        contacted = true
      } catch let error as KubernetesClientError {
        if error.isUnreachable && !contacted {
          throw error
        }
        if !error.isUnreachable { contacted = true }
        discoveryErrors[kind.apiVersion] = error
      }
    }

    var unreachable: [KubernetesClientError] = []
    var attempted = 0
    for kind in kinds {
      if let entry = served[kind.apiVersion] {
        guard let names = entry, names.contains(kind.resource) else {
          let why =
            entry == nil
            ? "the API group version \(kind.apiVersion) is not served"
            : "\(kind.apiVersion) does not serve \(kind.resource)"
          diagnostics.warning(
            collector: name, subject: kind.kind,
            message: "\(kind.kind) skipped: \(why) by this API server (removed in this Kubernetes version?)")
          continue
        }
      } else if let error = discoveryErrors[kind.apiVersion] {
        // Discovery failed for another reason (403, 500): try the list anyway, it says more.
        diagnostics.info(
          collector: name, message: "discovery of \(kind.apiVersion) failed (\(error)); listing \(kind.kind) anyway")
      }
      attempted += 1
      do {
        var count = 0
        var pages = 0
        var restarts = 0
        for try await page in client.list(kind, pageSize: pageSize) {
          pages += 1
          count += page.items.count
          restarts = page.restarts
          // An object a real API server could not have stored is reported and not judged.
          let resources = page.items.compactMap { item -> Resource? in
            if let problem = ObjectShape.problem(item) {
              let object = KubernetesObject(object: item)
              diagnostics.warning(
                collector: name, subject: "\(kind.kind) \(object.namespace.map { $0 + "/" } ?? "")\(object.name)",
                message: "invalid object, not judged: \(problem)")
              return nil
            }
            return Resource.kubernetes(KubernetesObject(object: item))
          }
          do {
            try await emit(resources)
          } catch {
            throw EmitFailure(underlying: error)
          }
        }
        let restartNote = restarts > 0 ? ", restarted \(restarts)× after expired continue tokens" : ""
        diagnostics.info(
          collector: name, message: "listed \(count) \(kind.kind) objects in \(pages) pages\(restartNote)")
      } catch let failure as EmitFailure {
        throw failure.underlying
      } catch let error as KubernetesClientError {
        if error.isUnreachable { unreachable.append(error) }
        diagnostics.warning(collector: name, subject: kind.kind, message: "\(kind.kind) not collected: \(error)")
      }
    }
    if attempted > 0, unreachable.count == attempted, let first = unreachable.first {
      throw first
    }
  }
}
