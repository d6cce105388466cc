import Foundation
import KSPMCore
import Synchronization

/// When and how ``RotatingFileOutput`` starts a new file (libbeat's `output.file` settings).
public struct FileRotation: Sendable, Equatable {
  /// A file is rotated before it would grow past this many bytes (a single larger document gets
  /// a file of its own).
  public var maxBytes: Int
  /// Files kept, the current one included (≥ 2).
  public var keep: Int
  /// Rotate a non-empty current file when the output opens.
  public var rotateOnStartup: Bool
  /// Mode of the files it creates.
  public var permissions: Int

  public init(maxBytes: Int = 10 << 20, keep: Int = 7, rotateOnStartup: Bool = true, permissions: Int = 0o600) {
    self.maxBytes = max(1, maxBytes)
    self.keep = max(2, keep)
    self.rotateOnStartup = rotateOnStartup
    self.permissions = permissions
  }
}

/// NDJSON findings in `folder/<name>.ndjson`, rotated by size: the full file becomes
/// `<name>.1.ndjson`, the previous `.1` becomes `.2`, and so on; the oldest beyond `keep` is deleted.
///
/// The folder and file are opened on the first write, and opened again after a failed one, so an
/// output whose folder is missing, unwritable or full fails that write with the reason and works
/// again once the fault clears. A failed batch leaves nothing half written: the current file is cut
/// back to where the batch began, and documents it had already completed in a file that was then
/// rotated are not written twice when the batch comes again.
public final class RotatingFileOutput: FindingOutput {
  public let folder: String
  public let name: String
  public let rotation: FileRotation
  private struct State {
    var writer: FileDescriptorWriter?
    var size = 0
    var rotateBeforeFirstWrite: Bool
    /// Ids of documents of a failed batch that are already in a rotated file.
    var alreadyWritten: Set<String> = []
    var closed = false
  }
  // FileDescriptorWriter is only ever touched under the lock.
  private let state: Mutex<State>

  /// The file currently written.
  public var currentPath: String { path(0) }

  public init(folder: String, name: String, rotation: FileRotation) {
    self.folder = folder
    self.name = name
    self.rotation = rotation
    state = Mutex(State(rotateBeforeFirstWrite: rotation.rotateOnStartup))
  }

  public func write(_ documents: [FindingDocument]) async throws {
    try state.withLock { s in
      guard !s.closed else { throw OutputError("output already closed") }
      var batchStart = s.size
      var completedInRotatedFiles: [String] = []
      var pendingInCurrentFile: [String] = []
      do {
        var current = try s.writer ?? open(&s)
        batchStart = s.size
        for document in documents where !s.alreadyWritten.contains(document.id) {
          let length = document.body.count + 1
          if s.size > 0, s.size + length > rotation.maxBytes {
            try current.close()
            s.writer = nil
            completedInRotatedFiles += pendingInCurrentFile
            pendingInCurrentFile = []
            try Self.rotateFiles(folder: folder, name: name, keep: rotation.keep)
            current = try FileDescriptorWriter(path: path(0), append: true, mode: rotation.permissions)
            s.writer = current
            s.size = 0
            batchStart = 0
          }
          try current.append(document.body)
          try current.append(byte: 0x0A)
          s.size += length
          pendingInCurrentFile.append(document.id)
        }
        try current.flush()
        s.alreadyWritten = []
      } catch {
        s.writer?.abandon(truncatingTo: batchStart)
        s.writer = nil
        s.size = batchStart
        s.alreadyWritten.formUnion(completedInRotatedFiles)
        throw error
      }
    }
  }

  /// Creates the folder if needed, rotates once if the process just started, and opens the current file.
  private func open(_ s: inout State) throws -> FileDescriptorWriter {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError("cannot create the output folder \(folder): \((error as NSError).localizedDescription)")
    }
    let current = path(0)
    if s.rotateBeforeFirstWrite {
      if Self.fileSize(current) > 0 { try Self.rotateFiles(folder: folder, name: name, keep: rotation.keep) }
      s.rotateBeforeFirstWrite = false
    }
    let writer = try FileDescriptorWriter(path: current, append: true, mode: rotation.permissions)
    s.writer = writer
    s.size = Self.fileSize(current)
    return writer
  }

  public func close() async throws {
    let writer = state.withLock { s in
      defer {
        s.writer = nil
        s.closed = true
      }
      return s.writer
    }
    try writer?.close()
  }

  /// `<name>.ndjson` for 0, `<name>.<n>.ndjson` for older files.
  public func path(_ generation: Int) -> String { Self.path(folder: folder, name: name, generation: generation) }

  static func path(folder: String, name: String, generation: Int) -> String {
    let file = generation == 0 ? "\(name).ndjson" : "\(name).\(generation).ndjson"
    return (folder as NSString).appendingPathComponent(file)
  }

  /// Shifts every file one generation older, deleting the one that falls off the end.
  static func rotateFiles(folder: String, name: String, keep: Int) throws {
    let manager = FileManager.default
    let oldest = path(folder: folder, name: name, generation: keep - 1)
    if manager.fileExists(atPath: oldest) { try? manager.removeItem(atPath: oldest) }
    for generation in stride(from: keep - 2, through: 0, by: -1) {
      let source = path(folder: folder, name: name, generation: generation)
      guard manager.fileExists(atPath: source) else { continue }
      if rename(source, path(folder: folder, name: name, generation: generation + 1)) != 0 {
        throw OutputError("cannot rotate \(source): \(String(cString: strerror(errno)))")
      }
    }
  }

  static func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }
}
