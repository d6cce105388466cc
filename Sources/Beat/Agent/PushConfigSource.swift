/// A ``ConfigSource`` fed by its owner: Elastic Agent's units arrive on the control stream, are
/// read into a configuration there, and are handed to the running engine with ``push(_:)``.
final class PushConfigSource: ConfigSource {
  private let updates: AsyncStream<ConfigUpdate>
  private let continuation: AsyncStream<ConfigUpdate>.Continuation

  init() {
    (updates, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  /// Hands `update` to the engine (only the newest waits if the engine has not taken it yet).
  func push(_ update: ConfigUpdate) { continuation.yield(update) }

  func watch(_ deliver: @escaping @Sendable (ConfigUpdate) -> Void) async {
    for await update in updates {
      if Task.isCancelled { return }
      deliver(update)
    }
  }
}
