import CHostFS

/// Process-wide allocator settings for a long-running scanner.
public enum MemoryTuning {
  /// Caps glibc's malloc arenas (by default up to 8 per core): the scanner's threads build
  /// multi-megabyte bulk bodies in turn, and with an arena per thread the freed ones stay in
  /// heaps that never shrink (measured: 249 MB peak RSS for 100,000 pods with two output workers,
  /// 191 MB with two arenas, at no measurable cost in time).
  public static func limitAllocatorArenas(_ count: Int32 = 2) {
    kspmbeat_limit_malloc_arenas(count)
  }
}
