import KSPMCore

/// File ownership by user and group *name*, as the node's `/etc/passwd` and `/etc/group` resolve them.
///
/// A uid or gid the node does not list resolves to an empty name and fails; the evidence then
/// carries the numeric ids too.
public struct FileOwnershipCheck: FileCheck, Hashable {
  public var owner: String
  public var group: String

  public init(owner: String, group: String) {
    self.owner = owner
    self.group = group
  }

  public func evaluate(_ file: FileResource) -> Evaluation {
    var evidence = JSONObject()
    evidence["owner"] = .string(file.owner)
    evidence["group"] = .string(file.group)
    if file.owner.isEmpty { evidence["uid"] = .int(Int64(file.uid)) }
    if file.group.isEmpty { evidence["gid"] = .int(Int64(file.gid)) }
    let ok = file.owner == owner && file.group == group
    return Evaluation(
      ok ? .passed : .failed, evidence: .object(evidence),
      expected: ["owner": .string(owner), "group": .string(group)])
  }

  public var description: String { "owner \(owner):\(group)" }
}
