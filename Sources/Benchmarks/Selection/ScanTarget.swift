/// A part of a benchmark by the name kube-bench users know it (`master`, `node`, `policies`):
/// the CIS sections it covers.
public struct ScanTarget: Sendable, Hashable {
  /// `master`, `etcd`, `controlplane`, `node`, `policies`, `managedservices`.
  public let name: String
  /// Other names accepted for it (`worker` for `node`).
  public let aliases: [String]
  /// Top-level section numbers (`1`).
  public let sections: [String]

  public init(_ name: String, aliases: [String] = [], sections: [String]) {
    self.name = name
    self.aliases = aliases
    self.sections = sections
  }

  /// Whether `name` names this target.
  public func isNamed(_ name: String) -> Bool { self.name == name || aliases.contains(name) }

  /// Whether the rule `number` belongs to it.
  public func contains(_ number: String) -> Bool {
    sections.contains { number == $0 || number.hasPrefix($0 + ".") }
  }

  /// `node (worker)`.
  public var label: String { aliases.isEmpty ? name : "\(name) (\(aliases.joined(separator: ", ")))" }
}
