/// The first result of several concurrent operations; the others are cancelled and awaited, so
/// nothing outlives the call. Operations returning `nil` don't count (the next one to finish does).
func firstResult<T: Sendable>(of operations: [@Sendable () async -> T?]) async -> T? {
  await withTaskGroup(of: T?.self) { group in
    for operation in operations { group.addTask { await operation() } }
    var first: T?
    while let outcome = await group.next() {
      if let outcome, first == nil {
        first = outcome
        group.cancelAll()
      }
    }
    return first
  }
}

/// `body`'s result, or `nil` when `deadline` passes first (`body` is then cancelled and awaited).
func withDeadline<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
  await withTaskGroup(of: T?.self) { group in
    group.addTask { await body() }
    group.addTask {
      try? await Task.sleep(for: deadline)
      return nil
    }
    let first = await group.next() ?? nil
    group.cancelAll()
    return first
  }
}

/// Waits until the task is cancelled.
public func waitForCancellation() async {
  while !Task.isCancelled {
    try? await Task.sleep(for: .seconds(3600))
  }
}
