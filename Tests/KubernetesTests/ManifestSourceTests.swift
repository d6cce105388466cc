import Foundation
import KSPMCore
import Kubernetes
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

final class WarningLines: ScanDiagnostics {
  private let lines = Mutex<[String]>([])
  func warning(collector: String, subject: String, message: String) {
    lines.withLock { $0.append("\(subject): \(message)") }
  }
  private let infoLines = Mutex<[String]>([])
  func info(collector: String, message: String) { infoLines.withLock { $0.append(message) } }
  var all: [String] { lines.withLock { $0 } }
  var infos: [String] { infoLines.withLock { $0 } }
}

/// Manifests from streams: standard input, FIFOs, endless devices.
@Suite struct ManifestSourceTests {
  @Test func anEndlessDeviceStopsAtTheSizeLimitWithAClearError() async {
    let warnings = WarningLines()
    let spool = await ManifestSpool.make(["/dev/zero"], limit: 1 << 20, diagnostics: warnings)
    defer { spool.remove() }
    #expect(spool.paths.isEmpty)
    #expect(warnings.all == ["/dev/zero: more than 1048576 bytes: not read (a size limit keeps endless streams out)"])
  }

  @Test func aFIFOIsReadAsAStreamAndCanBeReadTwice() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("pods.yaml").path
    #expect(mkfifo(fifo, 0o600) == 0)
    // A writer in another process, as `kspmbeat scan --manifests <(kubectl get pods -o yaml)` has.
    let writer = Task {
      try await ChildProcess.run(
        "/bin/sh", arguments: ["-c", "printf 'kind: Pod\\nmetadata: {name: from-fifo, namespace: a}\\n' > '\(fifo)'"])
    }
    let warnings = WarningLines()
    let spool = await ManifestSpool.make([fifo], limit: 1 << 20, diagnostics: warnings)
    defer { spool.remove() }
    _ = try await writer.value
    #expect(warnings.all.isEmpty)
    for _ in 0..<2 {
      let names = LockedNames()
      try await ManifestCollector(paths: spool.paths, kinds: [.pod]).collect(diagnostics: warnings) { page in
        names.add(page.map(\.name))
      }
      #expect(names.all == ["from-fifo"])
    }
  }

  @Test func aFIFOInsideAFolderIsSkippedWithAWarningInsteadOfBlocking() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(mkfifo(folder.appendingPathComponent("stuck.yaml").path, 0o600) == 0)
    try "kind: Pod\nmetadata: {name: ok, namespace: a}\n".write(
      to: folder.appendingPathComponent("ok.yaml"), atomically: true, encoding: .utf8)
    let warnings = WarningLines()
    let names = LockedNames()
    try await ManifestCollector(paths: [folder.path], kinds: [.pod]).collect(diagnostics: warnings) { page in
      names.add(page.map(\.name))
    }
    #expect(names.all == ["ok"])
    #expect(warnings.all.contains { $0.hasSuffix("stuck.yaml: not a regular file: skipped") })
  }
}

final class LockedNames: Sendable {
  private let names = Mutex<[String]>([])
  func add(_ more: [String]) { names.withLock { $0.append(contentsOf: more) } }
  var all: [String] { names.withLock { $0 } }
}
