/// `rule.benchmark`: which benchmark, and which version of it, a rule belongs to.
public struct BenchmarkInfo: Sendable, Hashable {
  /// `cis_k8s`, `cis_eks`.
  public var id: String
  /// `CIS Kubernetes V1.23`.
  public var name: String
  /// `v1.0.1`.
  public var version: String
  /// `kspm`.
  public var postureType: String
  /// What the benchmark covers, as the second of each rule's tags (`Kubernetes`, `EKS`).
  public var tag: String

  public init(id: String, name: String, version: String, postureType: String = "kspm", tag: String = "Kubernetes") {
    self.id = id
    self.name = name
    self.version = version
    self.postureType = postureType
    self.tag = tag
  }
}

/// Everything a finding says about its rule (`rule.*`).
///
/// A class so that the many findings of a cycle share one copy of the long texts.
public final class RuleMetadata: Sendable {
  /// The UUIDv5 Kibana keys on (`uuid5(DNS, "<benchmark name> <title> <number>")`).
  public let id: String
  public let name: String
  /// `* Level 1 - Master Node`.
  public let profileApplicability: String
  public let description: String
  public let rationale: String
  public let audit: String
  public let remediation: String
  public let impact: String
  public let defaultValue: String
  public let references: String
  public let section: String
  public let version: String
  public let tags: [String]
  public let benchmark: BenchmarkInfo
  /// `1.1.1`.
  public let ruleNumber: String

  public init(
    id: String, name: String, ruleNumber: String, section: String, profileApplicability: String,
    benchmark: BenchmarkInfo, description: String = "", rationale: String = "", audit: String = "",
    remediation: String = "", impact: String = "", defaultValue: String = "", references: String = "",
    version: String = "1.0", tags: [String]? = nil
  ) {
    self.id = id
    self.name = name
    self.ruleNumber = ruleNumber
    self.section = section
    self.profileApplicability = profileApplicability
    self.benchmark = benchmark
    self.description = description
    self.rationale = rationale
    self.audit = audit
    self.remediation = remediation
    self.impact = impact
    self.defaultValue = defaultValue
    self.references = references
    self.version = version
    self.tags = tags ?? ["CIS", benchmark.tag, "CIS \(ruleNumber)", section]
  }

  /// The id Kibana expects: `uuid5(DNS, "<benchmark name> <title> <number>")`.
  public static func ruleID(benchmarkName: String, title: String, number: String) -> String {
    NameBasedUUID.v5(namespace: NameBasedUUID.dnsNamespace, name: "\(benchmarkName) \(title) \(number)")
  }
}
