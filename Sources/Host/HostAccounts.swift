import KSPMCore

/// User and group names of the node, read from its own `/etc/passwd` and `/etc/group`.
///
/// The files are parsed directly (no NSS), so the container's own accounts are never consulted
/// and directory-service users (LDAP, SSSD) are not resolved, as in cloudbeat. Build one per
/// collection with ``load(from:diagnostics:collector:)``.
public struct HostAccounts: Sendable, Hashable {
  private var users: [UInt32: String]
  private var groups: [UInt32: String]

  /// Parses the text of a passwd file (`name:pw:uid:gid:gecos:home:shell`) and a group file
  /// (`name:pw:gid:members`). Blank lines, comments, NIS `+`/`-` entries and lines without a
  /// name or a numeric id are skipped; when an id is listed twice the first name wins, as
  /// `getpwuid` does.
  public init(passwd: String, group: String) {
    users = Self.parse(passwd)
    groups = Self.parse(group)
  }

  /// No names known: every lookup gives `""`.
  public init() {
    users = [:]
    groups = [:]
  }

  /// Reads `<root>/etc/passwd` and `<root>/etc/group` (each at most 4 MiB). A file that cannot be
  /// read is reported to `diagnostics` and contributes no names.
  public static func load(from root: HostRoot, diagnostics: any ScanDiagnostics, collector: String) -> HostAccounts {
    func text(_ hostPath: String) -> String {
      do {
        return String(decoding: try root.readFile(hostPath), as: UTF8.self)
      } catch {
        diagnostics.warning(
          collector: collector, subject: error.path, message: "owner and group names unavailable: \(error.reason)")
        return ""
      }
    }
    return HostAccounts(passwd: text("/etc/passwd"), group: text("/etc/group"))
  }

  /// The user name of `uid`, or `""` when the node's passwd file does not list it.
  public func userName(_ uid: UInt32) -> String { users[uid] ?? "" }

  /// The group name of `gid`, or `""` when the node's group file does not list it.
  public func groupName(_ gid: UInt32) -> String { groups[gid] ?? "" }

  /// `name:pw:id:…` lines into id → name (the id is the third field in both formats).
  private static func parse(_ text: String) -> [UInt32: String] {
    var names: [UInt32: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
      guard let first = trimmed.first, first != "#", first != "+", first != "-" else { continue }
      let fields = trimmed.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
      guard fields.count >= 3, !fields[0].isEmpty, let id = UInt32(fields[2]) else { continue }
      if names[id] == nil { names[id] = String(fields[0]) }
    }
    return names
  }
}
