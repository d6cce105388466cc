/// What a scan read, for its coverage: a rule whose resources were not read is not evaluated, and
/// says why.
public struct CoverageScope: Sendable {
  /// Why the node's files and processes were not read; `nil` when they were.
  public var nodeNotRead: String?
  /// Why cluster objects and cloud resources were not read; `nil` when they were.
  public var clusterNotRead: String?
  /// Where cluster objects came from, for reasons: `the cluster`, `the manifests`.
  public var clusterName: String

  public init(nodeNotRead: String? = nil, clusterNotRead: String? = nil, clusterName: String = "the cluster") {
    self.nodeNotRead = nodeNotRead
    self.clusterNotRead = clusterNotRead
    self.clusterName = clusterName
  }
}
