/// Why a cycle starts.
public enum CycleTrigger: String, Sendable, Equatable {
  /// The first cycle of a scheduler (after its settle delay).
  case first
  /// The period came round.
  case period
  /// This process just became the cluster leader: a cluster-only cycle.
  case leadership
  /// A new configuration changed what a cycle collects: a full cycle at once.
  case reconfigured
  /// A one-shot scan.
  case scan

  /// Whether the cycle reads only the cluster (the node keeps its own period).
  public var clusterOnly: Bool { self == .leadership }
}
