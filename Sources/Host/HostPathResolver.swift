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
    let resolved = try resolve(hostPath)
    return try FileSystemCalls.readFile(containerPath(resolved), limit: limit, displayPath: containerPath(hostPath))
  }
}
