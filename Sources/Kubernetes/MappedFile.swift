import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file mapped read-only into memory, whose pages already read can be handed back, so reading a
/// large file front to back keeps only a window of it resident. (Foundation reads `.mappedIfSafe`
/// files into memory on Linux, and pages of a mapping, once touched, stay in the resident set.)
///
/// The file must not shrink while it is mapped (reading past its new end would crash), which holds
/// for the dumps and manifests a scan reads.
final class MappedFile {
  /// The file's bytes; the mapping lives as long as this `Data` does.
  let data: Data
  private let base: UnsafeMutableRawPointer
  private var released = 0

  /// Maps the file at `path`; `nil` when it cannot be mapped (empty, not a regular file, an error).
  init?(path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
    let length = Int(status.st_size)
    guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else { return nil }
    base = mapped
    data = Data(bytesNoCopy: mapped, count: length, deallocator: .custom { pointer, count in munmap(pointer, count) })
  }

  /// Drops the whole pages before `offset` from the resident set (read again from the file if
  /// touched again).
  func release(before offset: Int) {
    let pageSize = Int(getpagesize())
    let end = min(offset, data.count) / pageSize * pageSize
    guard end > released else { return }
    _ = madvise(base + released, end - released, MADV_DONTNEED)
    released = end
  }
}
