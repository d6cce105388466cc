/// What `kspmbeat scan` was asked to do.
public struct ScanOptions: Sendable {
  /// How findings are shown.
  public enum Format: String, Sendable, CaseIterable {
    /// One JSON document per line.
    case ndjson
    /// A posture summary for people.
    case table
  }

  public var benchmark: String = "cis_k8s"
  public var kubeconfig: String?
  public var context: String?
  /// Manifest files or folders to scan instead of an API server.
  public var manifests: [String] = []
  /// Where the node's file system is; `nil` picks `/hostfs` when it exists, else `/`.
  public var hostRoot: String?
  /// NDJSON destination (`-` for standard output); `nil` writes no NDJSON.
  public var output: String?
  public var format: Format = .table
  public var demo = false
  /// Skip the node's files and processes.
  public var skipNode = false
  /// Skip cluster objects (API server or manifests).
  public var skipCluster = false
  public var dataStreamNamespace = "default"
  public var useColor = false
  public var showProgress = false
  public var verbose = false

  public init() {}
}
