import KSPMCore

/// A collector that cannot run, for a part of the plan that could not be set up: each cycle
/// reports why instead of silently collecting nothing.
struct FailingCollector: ResourceCollector {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let name: String
  let scope: CollectionScope
  let reason: String

  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    throw Failure(description: reason)
  }
}
