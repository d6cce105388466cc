import KSPMCore

/// API paths of a kind.
public enum KubernetesPaths {
  /// `/api/v1` or `/apis/rbac.authorization.k8s.io/v1`.
  public static func groupVersion(_ kind: KubernetesKind) -> String {
    kind.group.isEmpty ? "/api/\(kind.version)" : "/apis/\(kind.group)/\(kind.version)"
  }

  /// The collection: cluster-wide when `namespace` is `nil`, else within that namespace.
  public static func collection(_ kind: KubernetesKind, namespace: String? = nil) -> String {
    if let namespace, kind.namespaced {
      return groupVersion(kind) + "/namespaces/\(namespace)/\(kind.resource)"
    }
    return groupVersion(kind) + "/\(kind.resource)"
  }

  /// One object.
  public static func object(_ kind: KubernetesKind, namespace: String? = nil, name: String) -> String {
    collection(kind, namespace: namespace) + "/\(name)"
  }
}

/// One page of a LIST: items with `apiVersion`/`kind` filled in and `metadata.managedFields`
/// removed.
public struct KubernetesListPage: Sendable {
  public var items: [JSONValue]
  /// The list's `metadata.resourceVersion`.
  public var resourceVersion: String?
  /// The server's estimate of the items still to come (`metadata.remainingItemCount`).
  public var remainingItemCount: Int64?
  /// How many times this listing started over after an expired continue token.
  public var restarts: Int
}

/// A paginated LIST as an `AsyncSequence` of pages: each `next()` fetches one page (`limit` +
/// `continue`, the same query on every page), so memory holds one page, not the whole list.
///
/// When a continue token has expired (410 Gone) the listing starts again from the beginning, up
/// to `maxRestarts` times. Items already returned before the restart are not returned again:
/// the sequence remembers the uid of every item it has returned, so memory is O(number of
/// items) for uids only (about 40 bytes each; 4 MB for 100,000 objects).
public struct KubernetesListPages: AsyncSequence, Sendable {
  public typealias Element = KubernetesListPage

  let client: KubernetesClient
  public let kind: KubernetesKind
  public let namespace: String?
  public let pageSize: Int
  public let query: [String: String]
  public let maxRestarts: Int

  public func makeAsyncIterator() -> Iterator {
    Iterator(sequence: self)
  }

  public struct Iterator: AsyncIteratorProtocol {
    let sequence: KubernetesListPages
    var continueToken: String?
    var finished = false
    var restarts = 0
    var emittedUIDs = Set<String>()

    init(sequence: KubernetesListPages) {
      self.sequence = sequence
    }

    public mutating func next() async throws -> KubernetesListPage? {
      while !finished {
        try Task.checkCancellation()
        var query = sequence.query
        if sequence.pageSize > 0 { query["limit"] = String(sequence.pageSize) }
        if let continueToken { query["continue"] = continueToken }
        let response: KubernetesResponse
        do {
          response = try await sequence.client.request(
            path: KubernetesPaths.collection(sequence.kind, namespace: sequence.namespace), query: query)
        } catch let error as KubernetesClientError where error.statusCode == 410 && continueToken != nil {
          guard restarts < sequence.maxRestarts else { throw error }
          restarts += 1
          sequence.client.logger.info(
            "continue token expired; listing again from the beginning",
            metadata: ["kind": "\(sequence.kind.kind)", "restart": "\(restarts)"])
          continueToken = nil
          continue
        }
        let metadata = response.body["metadata"]
        let next = metadata?["continue"]?.stringValue ?? ""
        continueToken = next.isEmpty ? nil : next
        if continueToken == nil { finished = true }
        guard let rawItems = response.body["items"] else {
          throw KubernetesClientError.invalidResponse(
            url: sequence.client.baseURL + KubernetesPaths.collection(sequence.kind, namespace: sequence.namespace),
            message: "the list has no items array")
        }
        var items: [JSONValue] = []
        items.reserveCapacity(rawItems.arrayValue?.count ?? 0)
        for item in rawItems.arrayValue ?? [] {
          if let uid = item[path: "metadata", "uid"]?.stringValue, !uid.isEmpty {
            guard emittedUIDs.insert(uid).inserted else { continue }
          }
          items.append(KubernetesClient.normalize(item, kind: sequence.kind))
        }
        // After a restart, pages already returned come back without new items; skip them.
        if items.isEmpty && !finished { continue }
        return KubernetesListPage(
          items: items, resourceVersion: metadata?["resourceVersion"]?.stringValue,
          remainingItemCount: metadata?["remainingItemCount"]?.intValue, restarts: restarts)
      }
      return nil
    }
  }
}

extension KubernetesClient {
  /// Lists `kind` page by page, cluster-wide or in one namespace.
  ///
  /// - Parameters:
  ///   - pageSize: `limit` of each request (default 500); 0 asks for everything at once.
  ///   - query: extra parameters such as `labelSelector`, sent on every page.
  ///   - maxRestarts: how often an expired continue token (410) may restart the listing.
  public func list(
    _ kind: KubernetesKind, namespace: String? = nil, pageSize: Int = 500, query: [String: String] = [:],
    maxRestarts: Int = 3
  ) -> KubernetesListPages {
    KubernetesListPages(
      client: self, kind: kind, namespace: namespace, pageSize: pageSize, query: query, maxRestarts: maxRestarts)
  }

  /// Calls `body` with each page of `kind`; returns the number of items.
  @discardableResult
  public func forEachPage(
    _ kind: KubernetesKind, namespace: String? = nil, pageSize: Int = 500,
    _ body: (KubernetesListPage) async throws -> Void
  ) async throws -> Int {
    var count = 0
    for try await page in list(kind, namespace: namespace, pageSize: pageSize) {
      count += page.items.count
      try await body(page)
    }
    return count
  }

  /// One object, with `apiVersion`/`kind` set and `metadata.managedFields` removed; a missing
  /// object is `.status(code: 404, reason: "NotFound", …)`.
  public func get(_ kind: KubernetesKind, namespace: String? = nil, name: String) async throws -> JSONValue {
    let response = try await request(path: KubernetesPaths.object(kind, namespace: namespace, name: name))
    return Self.normalize(response.body, kind: kind)
  }

  /// Puts `apiVersion` and `kind` first (list items lack them) and removes
  /// `metadata.managedFields`, whose dotted keys break Elasticsearch mappings.
  static func normalize(_ item: JSONValue, kind: KubernetesKind) -> JSONValue {
    guard let object = item.objectValue else { return item }
    var result = JSONObject()
    result.appendUnchecked("apiVersion", .string(kind.apiVersion))
    result.appendUnchecked("kind", .string(kind.kind))
    for member in object.members where member.key != "apiVersion" && member.key != "kind" {
      if member.key == "metadata", var metadata = member.value.objectValue, metadata["managedFields"] != nil {
        metadata["managedFields"] = nil
        result.appendUnchecked("metadata", .object(metadata))
      } else {
        result.appendUnchecked(member.key, member.value)
      }
    }
    return .object(result)
  }
}
