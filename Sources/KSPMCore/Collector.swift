/// Receives problems met during a scan that do not stop it: an unreadable file, a kind the API
/// server does not serve, a manifest that does not parse.
public protocol ScanDiagnostics: Sendable {
  /// Something was skipped. `subject` says what and where (a path, a URL, a kind).
  func warning(collector: String, subject: String, message: String)
  /// Something worth knowing that is not a problem.
  func info(collector: String, message: String)
}

/// Diagnostics that go nowhere; for tests and benchmarks that do not care.
public struct SilentDiagnostics: ScanDiagnostics {
  public init() {}
  public func warning(collector: String, subject: String, message: String) {}
  public func info(collector: String, message: String) {}
}

/// Produces resources a page at a time, so that memory stays bounded by the page size.
public protocol ResourceCollector: Sendable {
  /// `kube-api`, `file-system`, `process`, `manifests`.
  var name: String { get }
  var scope: CollectionScope { get }
  /// Calls `emit` with each page of resources. Problems with single items go to `diagnostics`;
  /// a thrown error means the collector could not run at all.
  func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws
}
