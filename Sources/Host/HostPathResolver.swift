import CHostFS

#if canImport(Glibc)
  import Glibc
#endif

extension HostRoot {
  /// Resolves a node path to the node path it really names, never leaving the root.
  ///
  /// Symbolic links are followed one component at a time as inside a `chroot`: an absolute link
  /// target `/x` means `<root>/x`, and `..` never climbs above the root (at the root it stays
  /// there). At most ``maxSymlinkHops`` links are followed; more (a loop) is
  /// ``HostFileError/Kind/tooManySymlinks``. The result is an absolute node path without `.`,
  /// `..` or links, except that the last component may be a link when `followFinalSymlink` is
  /// `false` (like `lstat`).
  ///
  /// The check and a later open are separate steps, so a writer on the node that swaps a
  /// directory for a link in between could still win; kspmbeat mounts the host read-only and
  /// opens the final component with `O_NOFOLLOW`, which keeps that window small.
  ///
  /// - Throws: ``HostFileError`` naming `hostPath` under the root: `notFound` when a component
  ///   is missing (or a non-directory is used as a directory), `permissionDenied`,
  ///   `tooManySymlinks`.
  public func resolve(_ hostPath: String, followFinalSymlink: Bool = true) throws(HostFileError) -> String {
    let display = containerPath(hostPath)
    var resolved: [Substring] = []
    // Components still to walk, last element first to pop.
    var pending: [Substring] = hostPath.split(separator: "/").reversed()
    var hops = 0
    while let component = pending.popLast() {
      if component == "." { continue }
      if component == ".." {
        _ = resolved.popLast()
        continue
      }
      resolved.append(component)
      let isLast = pending.isEmpty
      let absolute = containerPath("/" + resolved.joined(separator: "/"))
      let status: FileStatus
      do {
        status = try FileStatus.lstat(absolute)
      } catch {
        throw HostFileError(path: display, kind: error.kind)
      }
      if status.isSymlink && (!isLast || followFinalSymlink) {
        hops += 1
        guard hops <= Self.maxSymlinkHops else { throw HostFileError(path: display, kind: .tooManySymlinks) }
        let target: String
        do {
          target = try FileSystemCalls.readLink(absolute)
        } catch {
          throw HostFileError(path: display, kind: error.kind)
        }
        resolved.removeLast()
        if target.hasPrefix("/") { resolved.removeAll() }
        pending.append(contentsOf: target.split(separator: "/").reversed())
      } else if !isLast && !status.isDirectory {
        throw HostFileError(path: display, kind: .notFound)
      }
    }
    return "/" + resolved.joined(separator: "/")
  }

  /// Reads a regular file named by a node path, following links only inside the root.
  ///
  /// - Parameter limit: the largest size accepted, in bytes; 4 MiB (``configFileLimit``) unless
  ///   given. A larger file is ``HostFileError/Kind/tooLarge(limit:)`` and is not read.
  /// - Throws: ``HostFileError`` naming the path, never crashes: missing, unreadable, a loop, not
  ///   a regular file, or too large.
  public func readFile(_ hostPath: String, limit: Int = HostRoot.configFileLimit) throws(HostFileError) -> [UInt8] {
    let fd = try openForReading(hostPath)
    defer { close(fd) }
    return try FileSystemCalls.readFile(descriptor: fd, limit: limit, displayPath: containerPath(hostPath))
  }

  /// Opens a node path for reading with every component resolved inside the root: by the kernel
  /// (`openat2` with `RESOLVE_IN_ROOT`, so no intermediate folder that is a link can lead out, even
  /// if the node changes it meanwhile), else by ``resolve(_:followFinalSymlink:)`` and an open of
  /// the resolved path with `O_NOFOLLOW`. Returns a descriptor the caller closes.
  public func openForReading(_ hostPath: String) throws(HostFileError) -> Int32 {
    let display = containerPath(hostPath)
    let rootFD = kspmbeat_open_root_directory(path)
    guard rootFD >= 0 else { throw HostFileError(path: path, errno: errno) }
    defer { close(rootFD) }
    let relative = String(Self.normalize(hostPath).dropFirst())
    let fd = kspmbeat_open_in_root(rootFD, relative.isEmpty ? "." : relative, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    if fd >= 0 { return fd }
    guard errno == ENOSYS else { throw HostFileError(path: display, errno: errno) }
    let resolved = try resolve(hostPath)
    let fallback = open(containerPath(resolved), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard fallback >= 0 else { throw HostFileError(path: display, errno: errno) }
    return fallback
  }
}
