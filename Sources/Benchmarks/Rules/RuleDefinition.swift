import KSPMCore

/// One row of a benchmark's rule table, before the benchmark gives it its id and prose.
public struct RuleDefinition: Sendable {
  /// `1.1.1`.
  public let number: String
  public let section: String
  /// `Level 1 - Master Node` (the document shows it as `* Level 1 - Master Node`).
  public let profile: String
  public let title: String
  public let target: RuleTarget
  public let check: Check

  public init(
    _ number: String, _ section: String, _ profile: String, _ title: String, target: RuleTarget, check: Check
  ) {
    self.number = number
    self.section = section
    self.profile = profile
    self.title = title
    self.target = target
    self.check = check
  }

  /// A rule on a file or directory, selected by its node path.
  public init(
    _ number: String, _ section: String, _ profile: String, _ title: String, file: FileSelector,
    _ check: some FileCheck
  ) {
    self.init(number, section, profile, title, target: .file(file), check: .file(check))
  }

  /// A rule on a process, selected by its full executable name.
  public init(
    _ number: String, _ section: String, _ profile: String, _ title: String, process: ProcessSpec,
    _ check: some ProcessCheck
  ) {
    self.init(number, section, profile, title, target: .process(process), check: .process(check))
  }

  /// A rule on Kubernetes objects of the given kinds.
  public init(
    _ number: String, _ section: String, _ profile: String, _ title: String, kinds: [KubernetesKind],
    _ check: some KubernetesObjectCheck
  ) {
    self.init(number, section, profile, title, target: .kubernetes(kinds), check: .object(check))
  }

  /// A rule on Pods.
  public init(_ number: String, _ section: String, _ profile: String, _ title: String, pods check: some PodCheck) {
    self.init(number, section, profile, title, target: .kubernetes([.pod]), check: .pod(check))
  }

  /// A rule on cloud-provider resources of one kind.
  public init(
    _ number: String, _ section: String, _ profile: String, _ title: String, cloud kind: CloudResourceKind,
    _ check: some CloudResourceCheck
  ) {
    self.init(number, section, profile, title, target: .cloud(kind), check: .cloud(check))
  }
}
