import KSPMCore

/// One finding as `scan`'s report formats and its baseline comparison need it: which rule, which
/// resource and where that resource lives, the result with what decided it, and any exception.
public struct FindingRecord: Sendable {
  public var rule: RuleMetadata
  /// `resource.id` of the document.
  public var resourceID: String
  /// What a baseline comparison matches on (``FindingKey``).
  public var key: FindingKey
  /// `Pod shop/web`, `file /etc/kubernetes/admin.conf`, `process kubelet`.
  public var subject: String
  public var location: ResourceLocation
  public var result: EvaluationResult
  /// The evidence and expected value of a failed finding, the reason of one not evaluated; `nil`
  /// for a passed one (not kept).
  public var evaluation: Evaluation?
  public var exception: ExceptionMark?

  /// Failed and not accepted by an exception.
  public var isFailure: Bool { result == .failed && exception == nil }
}

/// Where a resource lives, for locations in SARIF and names in reports.
public struct ResourceLocation: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case kubernetes, file, process, cloud
  }
  public var kind: Kind
  /// The Kubernetes kind (`Pod`), `file`/`directory`, `process`, or the cloud sub-type (`aws-ecr`).
  public var type: String
  /// The object's name, the process's executable, the cloud resource's name; for a file its path
  /// on the node.
  public var name: String
  public var namespace: String?
  /// The object's `apiVersion`.
  public var apiVersion: String?
  /// The manifest file the object was read from.
  public var sourceFile: String?
  /// A process's `argv[0]` (`/usr/local/bin/kube-apiserver`).
  public var executablePath: String?

  public init(_ resource: Resource) {
    sourceFile = resource.sourceFile
    switch resource.payload {
    case .kubernetes(let object):
      kind = .kubernetes
      type = object.kind
      name = object.name
      namespace = object.namespace
      apiVersion = object.apiVersion
    case .file(let file):
      kind = .file
      type = resource.subType
      name = file.hostPath
    case .process(let process):
      kind = .process
      type = "process"
      name = process.executable
      executablePath = process.arguments.first
    case .cloud(let cloud):
      kind = .cloud
      type = resource.subType
      name = cloud.name
    }
  }
}

/// What identifies a finding from one scan to the next: the rule id and the resource id. A
/// process's resource id changes with its pid (a restart), so a process is keyed by its node and
/// name instead.
public struct FindingKey: Sendable, Hashable, CustomStringConvertible {
  public var ruleID: String
  public var resource: String

  public init(ruleID: String, resource: String) {
    self.ruleID = ruleID
    self.resource = resource
  }

  /// The key of a finding on `resourceID`; `process` (with `node`) for a process's.
  public static func of(ruleID: String, resourceID: String, process: String?, node: String) -> FindingKey {
    guard let process else { return FindingKey(ruleID: ruleID, resource: resourceID) }
    return FindingKey(ruleID: ruleID, resource: "process \(node)/\(process)")
  }

  public var description: String { "\(ruleID) \(resource)" }
}
