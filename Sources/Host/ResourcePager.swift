import KSPMCore

/// Gathers resources into pages of a fixed size, so that a collector hands them on in bounded
/// batches.
struct ResourcePager: Sendable {
  let pageSize: Int
  private var page: [Resource] = []

  init(pageSize: Int) {
    self.pageSize = max(1, pageSize)
    page.reserveCapacity(self.pageSize)
  }

  /// Adds a resource; returns a full page to emit when the page size is reached.
  mutating func add(_ resource: Resource) -> [Resource]? {
    page.append(resource)
    guard page.count >= pageSize else { return nil }
    return take()
  }

  /// The partial last page, or `nil` when empty.
  mutating func finish() -> [Resource]? {
    page.isEmpty ? nil : take()
  }

  private mutating func take() -> [Resource] {
    let full = page
    page = []
    page.reserveCapacity(pageSize)
    return full
  }
}
