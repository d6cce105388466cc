import Foundation

/// How a ``LeaderElector`` campaigns for a `coordination.k8s.io/v1` Lease: which Lease, who we
/// are, and client-go's three timings.
///
/// The timings are cloudbeat's (8.16 and later): 30 s lease duration, 3 s renew deadline, 2 s retry
/// period, release on cancel. The Lease is our own, `kspmbeat-cluster-leader` (cloudbeat's is
/// `cloudbeat-cluster-leader`): kspmbeat running beside Elastic's cloudbeat never shares its Lease,
/// so each elects its own leader and each collects the cluster.
public struct LeaderElectionConfig: Sendable, Hashable {
  public static let defaultLeaseName = "kspmbeat-cluster-leader"

  /// `metadata.name` of the Lease.
  public var leaseName: String
  /// The namespace of the Lease; `nil`: the client's (the pod's own namespace in a cluster).
  public var namespace: String?
  /// Written to `spec.holderIdentity`; must be unique among the candidates. `nil`: derived
  /// from the pod name (see ``resolved(defaultNamespace:podName:)``).
  public var identity: String?
  /// How long others wait, after they last saw the Lease change, before they take it over.
  /// Written to the Lease in whole seconds (truncated, as client-go does).
  public var leaseDuration: Duration
  /// How long the leader keeps retrying a renewal before it gives leadership up.
  public var renewDeadline: Duration
  /// The pause between attempts (to acquire: jittered to `[1, 2.2) ×` this; to renew: exactly).
  public var retryPeriod: Duration
  /// Clear the holder when the elector stops, so that a successor acquires at once.
  public var releaseOnCancel: Bool

  /// client-go's `JitterFactor`: acquisition waits `retryPeriod × [1, 1 + jitterFactor)`.
  public static let jitterFactor = 1.2

  public init(
    leaseName: String = LeaderElectionConfig.defaultLeaseName, namespace: String? = nil, identity: String? = nil,
    leaseDuration: Duration = .seconds(30), renewDeadline: Duration = .seconds(3), retryPeriod: Duration = .seconds(2),
    releaseOnCancel: Bool = true
  ) {
    self.leaseName = leaseName
    self.namespace = namespace
    self.identity = identity
    self.leaseDuration = leaseDuration
    self.renewDeadline = renewDeadline
    self.retryPeriod = retryPeriod
    self.releaseOnCancel = releaseOnCancel
  }

  /// cloudbeat's identity scheme with our Lease name: `kspmbeat-cluster-leader_<last '-' part of
  /// the pod name>`, or a random UUID when there is no pod name.
  public static func defaultIdentity(podName: String?) -> String {
    if let podName, !podName.isEmpty {
      let suffix = podName.split(separator: "-", omittingEmptySubsequences: false).last.map(String.init) ?? podName
      return defaultLeaseName + "_" + suffix
    }
    return UUID().uuidString.lowercased()
  }

  /// These settings with the namespace and identity filled in where they were left open: the
  /// namespace from `defaultNamespace`, the identity from `podName` (``defaultIdentity(podName:)``).
  public func resolved(defaultNamespace: String, podName: String?) -> LeaderElectionConfig {
    var config = self
    config.namespace = namespace ?? defaultNamespace
    config.identity = identity ?? Self.defaultIdentity(podName: podName)
    return config
  }

  /// The Lease's namespace (empty until resolved).
  public var leaseNamespace: String { namespace ?? "" }
  /// The holder identity (empty until resolved).
  public var holderIdentity: String { identity ?? "" }

  /// `spec.leaseDurationSeconds`: the lease duration in whole seconds.
  public var leaseDurationSeconds: Int64 { leaseDuration.components.seconds }

  /// Checks the settings as client-go's `NewLeaderElector` does (all durations positive,
  /// `leaseDuration > renewDeadline > 1.2 × retryPeriod`, a non-empty identity), plus what
  /// the Lease itself needs: a lease name and namespace that are valid object names, and a lease
  /// duration of at least one second (it is written in whole seconds).
  public func validate() throws(LeaderElectionConfigError) {
    for (setting, value) in [("lease_duration", leaseDuration), ("renew_deadline", renewDeadline)]
    where value <= .zero {
      throw LeaderElectionConfigError(setting: setting, reason: "must be greater than zero (is \(Self.show(value)))")
    }
    if retryPeriod <= .zero {
      throw LeaderElectionConfigError(
        setting: "retry_period", reason: "must be greater than zero (is \(Self.show(retryPeriod)))")
    }
    if leaseDuration <= renewDeadline {
      throw LeaderElectionConfigError(
        setting: "lease_duration",
        reason:
          "must be greater than renew_deadline (\(Self.show(leaseDuration)) is not greater than "
          + "\(Self.show(renewDeadline)))")
    }
    if renewDeadline <= retryPeriod * Self.jitterFactor {
      throw LeaderElectionConfigError(
        setting: "renew_deadline",
        reason:
          "must be greater than 1.2 × retry_period (\(Self.show(renewDeadline)) is not greater than "
          + "\(Self.show(retryPeriod * Self.jitterFactor)))")
    }
    if leaseDuration < .seconds(1) {
      throw LeaderElectionConfigError(
        setting: "lease_duration",
        reason:
          "must be at least 1s: the Lease stores it in whole seconds (is \(Self.show(leaseDuration)))")
    }
    if let identity, identity.isEmpty {
      throw LeaderElectionConfigError(setting: "identity", reason: "must not be empty")
    }
    for (setting, value) in [("lease_name", leaseName), ("namespace", namespace)] {
      guard let value else { continue }
      if let problem = Self.nameProblem(value) {
        throw LeaderElectionConfigError(setting: setting, reason: problem)
      }
    }
  }

  /// Why `name` is not a DNS-1123 subdomain (what Kubernetes accepts as a Lease or namespace
  /// name), or `nil`.
  static func nameProblem(_ name: String) -> String? {
    if name.isEmpty { return "must not be empty" }
    if name.utf8.count > 253 { return "must be at most 253 characters (is \(name.utf8.count))" }
    let allowed = name.utf8.allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: ".")
    }
    let edges = [name.utf8.first!, name.utf8.last!].allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
    if !allowed || !edges {
      return
        "\"\(name)\" is not a valid name: lower-case letters, digits, '-' and '.', starting and ending "
        + "with a letter or digit"
    }
    return nil
  }

  /// `30s`, `1.5s`, `300ms`.
  static func show(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    if attoseconds == 0 { return "\(seconds)s" }
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    if abs(milliseconds) < 1000 {
      return "\(milliseconds.rounded() == milliseconds ? "\(Int64(milliseconds))" : "\(milliseconds)")ms"
    }
    return "\(milliseconds / 1000)s"
  }
}

/// An invalid ``LeaderElectionConfig`` setting: which one, and why.
public struct LeaderElectionConfigError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The setting as the configuration file names it (`lease_duration`, `renew_deadline`,
  /// `retry_period`, `identity`, `lease_name`, `namespace`).
  public var setting: String
  public var reason: String

  public init(setting: String, reason: String) {
    self.setting = setting
    self.reason = reason
  }

  public var description: String { "leader election: \(setting) \(reason)" }
}
