import Synchronization

/// Whether this process collects the cluster: set by the leader election service, read by the
/// cluster collectors before every page. Until an elector says otherwise, nobody leads.
public final class Leadership: Sendable {
  private let leading = Atomic<Bool>(false)
  private let check = Mutex<(@Sendable () -> Bool)?>(nil)

  public init() {}

  /// True while this process may collect the cluster.
  public var isLeader: Bool {
    if let check = check.withLock({ $0 }) { return check() }
    return leading.load(ordering: .acquiring)
  }

  /// Leadership follows `check` (a ``LeaderElector``'s `isLeader`, which also turns false when a
  /// renewal deadline passes unnoticed).
  public func follow(_ check: @escaping @Sendable () -> Bool) {
    self.check.withLock { $0 = check }
  }

  /// Leadership is `leader`, fixed (no elector: its own leader, or nobody's while restarting).
  public func set(_ leader: Bool) {
    check.withLock { $0 = nil }
    leading.store(leader, ordering: .releasing)
  }
}
