import Foundation
import KSPMCore

#if canImport(Glibc)
  import Glibc
#endif

/// Makes manifest sources readable more than once per cycle (the cluster context, then the rules):
/// standard input (`-`), FIFOs and other non-regular files are copied once into temporary files,
/// at most `limit` bytes each. Regular files and folders are left as they are.
public struct ManifestSpool: Sendable {
  /// The paths to read: the given ones, streams replaced by their copies.
  public let paths: [String]
  /// The folder of the copies; remove it with ``remove()``.
  public let folder: URL?
  /// Each copy with the stream it holds (`-` for standard input), so findings name the source.
  public let originals: [String: String]

  public init(_ paths: [String], limit: Int, diagnostics: any ScanDiagnostics) {
    var result: [String] = []
    var folder: URL?
    var originals: [String: String] = [:]
    for (index, path) in paths.enumerated() {
      let isStandardInput = path == "-"
      var status = stat()
      if !isStandardInput {
        guard stat(path, &status) == 0 else {
          result.append(path)  // the collector reports what is wrong with it
          continue
        }
        let type = status.st_mode & S_IFMT
        if type == S_IFREG || type == S_IFDIR {
          result.append(path)
          continue
        }
      }
      let name = isStandardInput ? "standard input" : path
      if folder == nil {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
          "kspmbeat-manifests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder!, withIntermediateDirectories: true)
      }
      let copy = folder!.appendingPathComponent(
        "\(index)-\(isStandardInput ? "stdin" : (path as NSString).lastPathComponent)")
      switch Self.copy(from: isStandardInput ? nil : path, to: copy.path, limit: limit) {
      case .copied:
        result.append(copy.path)
        originals[copy.path] = path
      case .failed(let reason):
        diagnostics.warning(collector: "manifests", subject: name, message: reason)
      }
    }
    self.paths = result
    self.folder = folder
    self.originals = originals
  }

  /// The spool of `paths`, made on a thread of its own: opening a FIFO waits until its writer
  /// opens it, and copying a stream waits on the writer too, which must not hold one of the few
  /// threads Swift concurrency runs every task on (a writer that is itself a task could then never
  /// start).
  public static func make(_ paths: [String], limit: Int, diagnostics: any ScanDiagnostics) async -> ManifestSpool {
    await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: ManifestSpool(paths, limit: limit, diagnostics: diagnostics))
      }
      thread.name = "kspmbeat manifest spool"
      thread.start()
    }
  }

  /// Removes the copies.
  public func remove() {
    if let folder { try? FileManager.default.removeItem(at: folder) }
  }

  enum Outcome {
    case copied
    case failed(String)
  }

  /// Copies a stream (standard input when `source` is `nil`) into `destination`, at most `limit` bytes.
  static func copy(from source: String?, to destination: String, limit: Int) -> Outcome {
    let input = source.map { open($0, O_RDONLY | O_CLOEXEC) } ?? 0
    guard input >= 0 else { return .failed("cannot read: \(String(cString: strerror(errno)))") }
    defer { if source != nil { close(input) } }
    let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard output >= 0 else { return .failed("cannot copy it: \(String(cString: strerror(errno)))") }
    defer { close(output) }
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var total = 0
    while true {
      let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failed("cannot read: \(String(cString: strerror(errno)))")
      }
      if n == 0 { return .copied }
      total += n
      if total > limit { return .failed("more than \(limit) bytes: not read (a size limit keeps endless streams out)") }
      let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, n) }
      if written != n { return .failed("cannot copy it: \(String(cString: strerror(errno)))") }
    }
  }
}
