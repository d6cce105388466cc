import ServiceLifecycle

/// What ended a wait of ``followSettings(_:first:body:)``.
enum SettingsStep<Settings: Sendable>: Sendable {
  case settings(Settings)
  case bodyEnded
  case shutdown
}

/// Runs `body` with the first settings, and again with each newer one (the run in progress is
/// cancelled and awaited first), until the service is asked to shut down gracefully: then the run
/// in progress is cancelled and awaited, and this returns. Cancellation ends it the same way.
///
/// `body` should run until cancelled; if it returns earlier, the service waits for new settings.
/// `first`, when given, is the first settings (a service that took them from `settings` itself,
/// e.g. to fail at start when they cannot be applied).
public func followSettings<Settings: Sendable>(
  _ settings: Mailbox<Settings>, first: Settings? = nil, body: @escaping @Sendable (Settings) async -> Void
) async {
  let shutdown = Mailbox<Bool>(policy: .latest)
  await withGracefulShutdownHandler {
    var taken = first
    if taken == nil { taken = await settings.next() }
    guard var current = taken else { return }
    var running = true
    while true {
      let active = current
      var operations: [@Sendable () async -> SettingsStep<Settings>?] = [
        {
          if let next = await settings.next() { return .settings(next) }
          // No more settings: keep what runs until shutdown.
          await waitForCancellation()
          return nil
        },
        { await shutdown.next() == nil ? nil : .shutdown },
      ]
      if running {
        operations.append {
          await body(active)
          return Task.isCancelled ? nil : .bodyEnded
        }
      }
      switch await firstResult(of: operations) {
      case .settings(let next):
        current = next
        running = true
      case .bodyEnded: running = false
      case .shutdown, nil: return
      }
    }
  } onGracefulShutdown: {
    shutdown.put(true)
  }
}
