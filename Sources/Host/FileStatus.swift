import Foundation
import KSPMCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `lstat(2)` says about one path.
struct FileStatus: Sendable, Hashable {
  var rawMode: UInt32
  var uid: UInt32
  var gid: UInt32
  var inode: UInt64
  var size: Int64
  var accessed: Date
  var modified: Date
  var changed: Date

  /// Permission bits only (`st_mode & 0o777`).
  var permissions: UInt32 { rawMode & 0o777 }
  var isDirectory: Bool { rawMode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
  var isSymlink: Bool { rawMode & UInt32(S_IFMT) == UInt32(S_IFLNK) }
  var isRegularFile: Bool { rawMode & UInt32(S_IFMT) == UInt32(S_IFREG) }

  init(_ st: stat) {
    rawMode = UInt32(st.st_mode)
    uid = UInt32(st.st_uid)
    gid = UInt32(st.st_gid)
    inode = UInt64(st.st_ino)
    size = Int64(st.st_size)
    #if canImport(Darwin)
      accessed = Self.date(st.st_atimespec)
      modified = Self.date(st.st_mtimespec)
      changed = Self.date(st.st_ctimespec)
    #else
      accessed = Self.date(st.st_atim)
      modified = Self.date(st.st_mtim)
      changed = Self.date(st.st_ctim)
    #endif
  }

  private static func date(_ time: timespec) -> Date {
    Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1_000_000_000)
  }

  /// `lstat` of an absolute path (symbolic links are not followed). `displayPath` names the path
  /// in the error.
  static func lstat(_ absolutePath: String, displayPath: String? = nil) throws(HostFileError) -> FileStatus {
    var st = stat()
    #if canImport(Glibc)
      let rc = Glibc.lstat(absolutePath, &st)
    #else
      let rc = Darwin.lstat(absolutePath, &st)
    #endif
    guard rc == 0 else { throw HostFileError(path: displayPath ?? absolutePath, errno: errno) }
    return FileStatus(st)
  }
}

extension FileResource {
  /// The file or directory at a node path, `stat`ed through the root's confined resolver, with
  /// owner and group names from the node's accounts.
  static func inspect(
    root: HostRoot, hostPath: String, accounts: HostAccounts, namedBy: [String] = []
  ) throws(HostFileError) -> (resource: FileResource, resolved: String) {
    let display = root.containerPath(hostPath)
    let resolved = try root.resolve(hostPath)
    let status = try FileStatus.lstat(root.containerPath(resolved), displayPath: display)
    let resource = FileResource(
      path: display, hostPath: HostRoot.normalize(hostPath), isDirectory: status.isDirectory,
      mode: status.permissions, uid: status.uid, gid: status.gid, owner: accounts.userName(status.uid),
      group: accounts.groupName(status.gid), inode: status.inode, size: status.size, accessed: status.accessed,
      modified: status.modified, changed: status.changed, namedBy: namedBy)
    return (resource, resolved)
  }
}
