/// A test double that listens until it is shut down.
public protocol TestServerLifetime: Sendable {
  /// Stops listening and closes open connections.
  func shutdown() async
}

extension TestServerLifetime {
  /// Runs `body` with this server and shuts it down afterwards, also when `body` throws.
  func use<Result: Sendable>(_ body: (Self) async throws -> Result) async throws -> Result {
    do {
      let result = try await body(self)
      await shutdown()
      return result
    } catch {
      await shutdown()
      throw error
    }
  }
}
