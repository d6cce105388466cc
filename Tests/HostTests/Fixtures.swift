import Foundation
import KSPMCore
import Testing

@testable import Host

/// A temporary folder holding a fake node root (`root/`) and a folder beside it (`outside/`)
/// that nothing may ever read through the root. Removed when released.
final class HostFixture: Sendable {
  let base: String
  let root: HostRoot
  let outside: String

  init() throws {
    base = FileManager.default.temporaryDirectory.appendingPathComponent("host-tests-\(UUID().uuidString)").path
    outside = base + "/outside"
    root = HostRoot(base + "/root")
    try FileManager.default.createDirectory(atPath: root.path, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: base) }

  /// The real path of a node path.
  func real(_ hostPath: String) -> String { root.path + hostPath }

  @discardableResult
  func write(
    _ hostPath: String, _ text: String = "x", mode: Int = 0o644, uid: UInt32 = 0, gid: UInt32 = 0
  ) throws -> String {
    try writeBytes(hostPath, Array(text.utf8), mode: mode, uid: uid, gid: gid)
  }

  @discardableResult
  func writeBytes(
    _ hostPath: String, _ bytes: [UInt8], mode: Int = 0o644, uid: UInt32 = 0, gid: UInt32 = 0
  ) throws -> String {
    let path = real(hostPath)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
      throw FixtureError("cannot create \(path)")
    }
    try setOwnership(path, mode: mode, uid: uid, gid: gid)
    return path
  }

  @discardableResult
  func directory(_ hostPath: String, mode: Int = 0o755, uid: UInt32 = 0, gid: UInt32 = 0) throws -> String {
    let path = real(hostPath)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try setOwnership(path, mode: mode, uid: uid, gid: gid)
    return path
  }

  func symlink(_ hostPath: String, to target: String) throws {
    let path = real(hostPath)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
  }

  private func setOwnership(_ path: String, mode: Int, uid: UInt32, gid: UInt32) throws {
    guard chmod(path, mode_t(mode)) == 0 else { throw FixtureError("chmod \(path): errno \(errno)") }
    guard chown(path, uid, gid) == 0 else { throw FixtureError("chown \(path): errno \(errno)") }
  }

  /// `lstat` of a real path, for comparing with what the collectors report.
  func inode(ofReal path: String) throws -> UInt64 {
    var st = stat()
    guard lstat(path, &st) == 0 else { throw FixtureError("lstat \(path): errno \(errno)") }
    return UInt64(st.st_ino)
  }
}

struct FixtureError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Diagnostics that remember every report, for assertions.
final class RecordingDiagnostics: ScanDiagnostics, @unchecked Sendable {
  struct Warning: Sendable, Hashable {
    var collector: String
    var subject: String
    var message: String
  }

  private let lock = NSLock()
  private var storedWarnings: [Warning] = []
  private var storedInfos: [String] = []

  func warning(collector: String, subject: String, message: String) {
    lock.withLock { storedWarnings.append(Warning(collector: collector, subject: subject, message: message)) }
  }

  func info(collector: String, message: String) {
    lock.withLock { storedInfos.append(message) }
  }

  var warnings: [Warning] { lock.withLock { storedWarnings } }
  var infos: [String] { lock.withLock { storedInfos } }
}

/// Collects every page a collector emits.
func collectPages(
  _ collector: some ResourceCollector, diagnostics: any ScanDiagnostics = RecordingDiagnostics()
) async throws -> [[Resource]] {
  let pages = PageBox()
  try await collector.collect(diagnostics: diagnostics) { page in pages.append(page) }
  return pages.pages
}

/// Collects every resource a collector emits, in order.
func collectAll(
  _ collector: some ResourceCollector, diagnostics: any ScanDiagnostics = RecordingDiagnostics()
) async throws -> [Resource] {
  try await collectPages(collector, diagnostics: diagnostics).flatMap { $0 }
}

private final class PageBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [[Resource]] = []
  func append(_ page: [Resource]) { lock.withLock { stored.append(page) } }
  var pages: [[Resource]] { lock.withLock { stored } }
}
