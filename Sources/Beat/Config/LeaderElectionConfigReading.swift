import Kubernetes

// `kspmbeat.leader_election` is read into the Kubernetes module's ``LeaderElectionConfig``, the one
// type the elector runs with. Defaults are current Elastic cloudbeat's (30 s / 3 s / 2 s);
// validation is client-go's: every duration > 0, `leaseDuration > renewDeadline`, and
// `renewDeadline > 1.2 × retryPeriod` (client-go's jitter factor).

extension LeaderElectionConfig {
  static let keys: Set<String> = [
    "lease_name", "namespace", "identity", "lease_duration", "renew_deadline", "retry_period",
  ]

  /// The settings of `section` on top of `base` (a key not set keeps `base`'s value); the result
  /// is checked as a whole.
  static func read(_ section: ConfigSection?, base: LeaderElectionConfig = LeaderElectionConfig()) throws(ConfigError)
    -> LeaderElectionConfig
  {
    var config = base
    guard let section else { return config }
    section.warnUnknown(keys)
    if let name = try section.nonEmptyString("lease_name") {
      if let problem = KubernetesName.dnsSubdomainProblem(name) {
        throw section.error("lease_name", "\(ConfigSection.quote(name)) \(problem)")
      }
      config.leaseName = name
    }
    if let namespace = try section.nonEmptyString("namespace") {
      if let problem = KubernetesName.dnsLabelProblem(namespace) {
        throw section.error("namespace", "\(ConfigSection.quote(namespace)) \(problem)")
      }
      config.namespace = namespace
    }
    config.identity = try section.nonEmptyString("identity") ?? config.identity
    for (key, keyPath) in [
      ("lease_duration", \LeaderElectionConfig.leaseDuration), ("renew_deadline", \.renewDeadline),
      ("retry_period", \.retryPeriod),
    ] {
      if let value = try section.duration(key) {
        guard value > .zero else { throw section.error(key, "must be greater than 0") }
        config[keyPath: keyPath] = value
      }
    }
    let show = ConfigDuration.format
    if config.leaseDuration <= config.renewDeadline {
      throw section.error(
        "lease_duration",
        "\(show(config.leaseDuration)) must be greater than renew_deadline (\(show(config.renewDeadline)))")
    }
    if config.renewDeadline * 5 <= config.retryPeriod * 6 {  // renewDeadline > 1.2 × retryPeriod, exactly
      throw section.error(
        "renew_deadline",
        "\(show(config.renewDeadline)) must be greater than 1.2 × retry_period (\(show(config.retryPeriod)) × 1.2 = "
          + "\(show(config.retryPeriod * 6 / 5)))")
    }
    return config
  }
}

/// Kubernetes object-name rules, as reasons to append after the quoted name.
enum KubernetesName {
  /// RFC 1123 subdomain (Lease names): lowercase alphanumerics, `-` and `.`, ≤ 253 characters.
  static func dnsSubdomainProblem(_ name: String) -> String? {
    if name.utf8.count > 253 { return "is longer than 253 characters" }
    for label in name.split(separator: ".", omittingEmptySubsequences: false) {
      if let problem = labelProblem(label, maxLength: 63) { return problem + " (a Kubernetes object name)" }
    }
    return nil
  }

  /// RFC 1123 label (namespaces): lowercase alphanumerics and `-`, ≤ 63 characters.
  static func dnsLabelProblem(_ name: String) -> String? {
    labelProblem(Substring(name), maxLength: 63).map { $0 + " (a Kubernetes namespace name)" }
  }

  private static func labelProblem(_ label: Substring, maxLength: Int) -> String? {
    let valid = label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    guard !label.isEmpty, label.utf8.count <= maxLength, valid, label.first != "-", label.last != "-" else {
      return "is not valid: use lowercase letters, digits and '-', starting and ending with a letter or digit"
    }
    return nil
  }
}
