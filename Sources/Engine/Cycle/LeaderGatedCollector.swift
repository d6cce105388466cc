import KSPMCore

/// Leadership was lost while a cluster-scope collector was running; what it had sent stays sent,
/// the rest of its collection is abandoned (the new leader collects the cluster).
public struct LeadershipLost: Error, Sendable, CustomStringConvertible {
  public var description: String { "leadership lost: cluster collection stopped" }
}

/// Runs a cluster-scope collector only while this process is the elected leader: leadership is
/// checked when the collector starts and before every page it hands over, and a watcher stops the
/// collection within ``checkInterval`` when leadership is lost between pages.
public struct LeaderGatedCollector: ResourceCollector {
  public let inner: any ResourceCollector
  public let isLeader: @Sendable () -> Bool
  public let checkInterval: Duration
  public var name: String { inner.name }
  public var scope: CollectionScope { inner.scope }

  public init(
    _ inner: any ResourceCollector, checkInterval: Duration = .milliseconds(200),
    isLeader: @escaping @Sendable () -> Bool
  ) {
    self.inner = inner
    self.isLeader = isLeader
    self.checkInterval = checkInterval
  }

  public func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    guard isLeader() else {
      diagnostics.info(collector: name, message: "not the cluster leader: cluster collection skipped")
      return
    }
    try await withoutActuallyEscaping(emit) { emit in
      try await gated(diagnostics: diagnostics, emit: emit)
    }
  }

  private func gated(
    diagnostics: any ScanDiagnostics, emit: @escaping @Sendable ([Resource]) async throws -> Void
  ) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await inner.collect(diagnostics: diagnostics) { page in
          guard isLeader() else { throw LeadershipLost() }
          try await emit(page)
        }
      }
      group.addTask {
        while !Task.isCancelled {
          try await Task.sleep(for: checkInterval)
          if !isLeader() { throw LeadershipLost() }
        }
      }
      // The first to finish decides: the collection (done) or the watcher (leadership lost).
      defer { group.cancelAll() }
      try await group.next()
    }
  }
}
