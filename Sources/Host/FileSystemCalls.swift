import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin, bounded wrappers over the system calls the Host module uses. Paths here are absolute
/// paths as kspmbeat sees them; callers resolve host paths first.
enum FileSystemCalls {
  /// The target of the symbolic link at `absolutePath`.
  static func readLink(_ absolutePath: String) throws(HostFileError) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(absolutePath, &buffer, buffer.count - 1)
    guard count >= 0 else { throw HostFileError(path: absolutePath, errno: errno) }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The names in a directory, without `.` and `..`, sorted.
  static func listDirectory(_ absolutePath: String) throws(HostFileError) -> [String] {
    guard let dir = opendir(absolutePath) else { throw HostFileError(path: absolutePath, errno: errno) }
    defer { closedir(dir) }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(dir) else {
        if errno != 0 { throw HostFileError(path: absolutePath, errno: errno) }
        break
      }
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Reads a whole regular file, at most `limit` bytes.
  ///
  /// The last component is opened with `O_NOFOLLOW` (a symbolic link there fails) and
  /// `O_NONBLOCK` (a FIFO cannot stall the scan); anything but a regular file is refused. Files
  /// whose size `stat` reports as 0 (procfs) are read until end of file, still bounded by `limit`.
  static func readFile(_ absolutePath: String, limit: Int, displayPath: String) throws(HostFileError) -> [UInt8] {
    let fd = open(absolutePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw HostFileError(path: displayPath, errno: errno) }
    defer { close(fd) }
    return try readFile(descriptor: fd, limit: limit, displayPath: displayPath)
  }

  /// Reads a whole regular file from an open descriptor (which the caller closes), at most `limit` bytes.
  static func readFile(descriptor fd: Int32, limit: Int, displayPath: String) throws(HostFileError) -> [UInt8] {
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw HostFileError(path: displayPath, errno: errno) }
    guard FileStatus(st).isRegularFile else { throw HostFileError(path: displayPath, kind: .notARegularFile) }
    guard Int64(st.st_size) <= Int64(limit) else {
      throw HostFileError(path: displayPath, kind: .tooLarge(limit: limit))
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw HostFileError(path: displayPath, errno: errno)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if bytes.count > limit { throw HostFileError(path: displayPath, kind: .tooLarge(limit: limit)) }
    }
    return bytes
  }

  /// The system's memory page size in bytes.
  static var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }
}
