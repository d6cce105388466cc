import KSPMCore
import Synchronization

/// Writes one finding document per line (NDJSON) to a file or to standard output.
public final class NDJSONOutput: FindingOutput {
  private let writer: Mutex<FileDescriptorWriter?>
  // FileDescriptorWriter is only ever touched under the lock.

  /// `path` `-` means standard output. An existing file is replaced unless `append` is set.
  public init(path: String, append: Bool = false) throws {
    let w =
      path == "-" ? FileDescriptorWriter(standardOutput: ()) : try FileDescriptorWriter(path: path, append: append)
    writer = Mutex(w)
  }

  public func write(_ documents: [FindingDocument]) async throws {
    try writer.withLock { w in
      guard let w else { throw OutputError("output already closed") }
      for document in documents {
        try w.append(document.body)
        try w.append(byte: 0x0A)
      }
      try w.flush()
    }
  }

  public func close() async throws {
    let w = writer.withLock { w in
      defer { w = nil }
      return w
    }
    try w?.close()
  }
}
