import Foundation

/// The folder where the node's root file system is visible to kspmbeat.
///
/// In the DaemonSet the node's `/` is mounted at `/hostfs`; run directly on the node the root is
/// `/`. Node paths ("host paths", such as `/etc/kubernetes/admin.conf`) are always interpreted
/// under this root, and symbolic links are resolved as if the root were `/` (see
/// ``resolve(_:followFinalSymlink:)``), so nothing outside the root is ever read.
public struct HostRoot: Sendable, Hashable, CustomStringConvertible {
  /// Size limit for configuration files read through a host root: 4 MiB.
  public static let configFileLimit = 4 * 1024 * 1024
  /// Symbolic links followed while resolving one path before giving up with
  /// ``HostFileError/Kind/tooManySymlinks`` (the Linux kernel's limit is 40).
  public static let maxSymlinkHops = 40

  /// The root folder, absolute, without a trailing slash (`/hostfs`), or `/`.
  public let path: String

  /// A root at `path`. A relative path is taken relative to the current directory; trailing
  /// slashes are removed.
  public init(_ path: String) {
    var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let parts = absolute.split(separator: "/", omittingEmptySubsequences: true)
    absolute = "/" + parts.joined(separator: "/")
    self.path = absolute
  }

  /// `/hostfs` when that folder exists (kspmbeat in its DaemonSet), otherwise `/`.
  public static func `default`() -> HostRoot {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: "/hostfs", isDirectory: &isDirectory), isDirectory.boolValue {
      return HostRoot("/hostfs")
    }
    return HostRoot("/")
  }

  /// Whether this root is the file system's own root.
  public var isSystemRoot: Bool { path == "/" }

  /// The path as kspmbeat sees it for a node path: `/etc/x` → `/hostfs/etc/x` (`/etc/x` for root `/`).
  ///
  /// This only joins text; it resolves nothing. Use ``resolve(_:followFinalSymlink:)`` before
  /// opening anything.
  public func containerPath(_ hostPath: String) -> String {
    let normalized = Self.normalize(hostPath)
    if isSystemRoot { return normalized }
    return normalized == "/" ? path : path + normalized
  }

  /// `hostPath` as an absolute path with single slashes and no trailing slash (`.` and `..` kept).
  static func normalize(_ hostPath: String) -> String {
    "/" + hostPath.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
  }

  /// The root folder (``path``).
  public var description: String { path }
}
