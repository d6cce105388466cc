#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Buffered writes to a file descriptor (a file or standard output), with clear errors.
final class FileDescriptorWriter {
  private let fd: Int32
  private let ownsDescriptor: Bool
  private let name: String
  private var buffer: [UInt8] = []
  private let flushThreshold = 1 << 20

  /// Opens (creating or truncating, or appending) `path` for writing; a created file gets `mode`.
  init(path: String, append: Bool, mode: Int = 0o640) throws {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
    let fd = open(path, flags, mode_t(mode))
    guard fd >= 0 else { throw OutputError("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
    self.fd = fd
    ownsDescriptor = true
    name = path
    buffer.reserveCapacity(flushThreshold + 65536)
  }

  /// Writes to standard output.
  init(standardOutput: ()) {
    fd = 1
    ownsDescriptor = false
    name = "standard output"
  }

  func append(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= flushThreshold { try flush() }
  }

  func append(byte: UInt8) throws {
    buffer.append(byte)
  }

  func flush() throws {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes { raw in
        write(fd, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        buffer.removeAll(keepingCapacity: true)
        throw OutputError("cannot write to \(name): \(reason)", isBrokenPipe: errno == EPIPE)
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  func close() throws {
    try flush()
    if ownsDescriptor { _ = Glibc.close(fd) }
  }

  /// Gives up on what is buffered, cuts the file back to `size` bytes (undoing a partly written
  /// batch), and closes it. Best effort: it is called after a write already failed.
  func abandon(truncatingTo size: Int) {
    buffer.removeAll()
    guard ownsDescriptor else { return }
    _ = ftruncate(fd, off_t(size))
    _ = Glibc.close(fd)
  }
}
