#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a path under the host root could not be resolved, listed or read.
///
/// Always carries the path (as kspmbeat sees it, host root included) and renders as one line,
/// `"<path>: <reason>"`, suitable for a diagnostics message or a `ProcessConfigFile.error`.
public struct HostFileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Sendable, Hashable {
    /// The path, or one of its parents, does not exist (or is not a directory where one is needed).
    case notFound
    /// The operating system refused access.
    case permissionDenied
    /// Following symbolic links took more hops than allowed (a loop, most likely).
    case tooManySymlinks
    /// The file is larger than the limit, in bytes, that the caller set.
    case tooLarge(limit: Int)
    /// A directory, device, FIFO or socket where a regular file was expected.
    case notARegularFile
    /// Any other system error, with its `errno`.
    case system(errno: Int32)
  }

  /// The path as kspmbeat sees it (`/hostfs/etc/kubernetes/admin.conf`).
  public var path: String
  /// What went wrong.
  public var kind: Kind

  /// An error about `path` (as kspmbeat sees it).
  public init(path: String, kind: Kind) {
    self.path = path
    self.kind = kind
  }

  /// Maps an `errno` from a failed system call on `path`.
  init(path: String, errno code: Int32) {
    self.path = path
    switch code {
    case ENOENT, ENOTDIR, ESRCH: kind = .notFound
    case EACCES, EPERM: kind = .permissionDenied
    case ELOOP: kind = .tooManySymlinks
    case EFBIG: kind = .tooLarge(limit: 0)
    default: kind = .system(errno: code)
    }
  }

  /// Whether the path simply is not there (a missing target, a process that exited).
  public var isNotFound: Bool { kind == .notFound }

  /// The reason alone, without the path.
  public var reason: String {
    switch kind {
    case .notFound: return "no such file or directory"
    case .permissionDenied: return "permission denied"
    case .tooManySymlinks: return "too many levels of symbolic links"
    case .tooLarge(let limit): return "file is larger than \(limit) bytes"
    case .notARegularFile: return "not a regular file"
    case .system(let code): return String(cString: strerror(code))
    }
  }

  /// `"<path>: <reason>"`, one line.
  public var description: String { "\(path): \(reason)" }
}
