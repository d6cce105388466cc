import Engine
import Logging
import ServiceLifecycle
import Synchronization

/// The engine running one input unit's configuration under Elastic Agent: the same service group
/// as `kspmbeat run` (delivery, leader election, scheduler, monitoring), without signal handling
/// (the managed process owns SIGTERM) and with its configurations pushed in.
final class EngineInstance: Sendable {
  /// Which engine this is, so events of one that was replaced are told apart.
  let generation: Int
  let events: EventBus
  private let source: PushConfigSource
  private let group: ServiceGroup
  private let running: Mutex<Task<(any Error)?, Never>?> = Mutex(nil)

  /// Builds the engine for `config`; nothing runs before ``start(onEnd:)``.
  init(
    generation: Int, config: KSPMBeatConfig, environment: [String: String], logger: Logger, options: DaemonOptions
  ) {
    self.generation = generation
    let events = EventBus()
    let source = PushConfigSource()
    self.events = events
    self.source = source
    group = Daemon.services(
      config: config, source: source, environment: environment, logger: logger, options: options, trapSignals: false,
      events: events)
  }

  /// Starts the services; `onEnd` learns how the group ended (an error when a service failed).
  func start(onEnd: @escaping @Sendable ((any Error)?) async -> Void) {
    let group = self.group
    let task = Task<(any Error)?, Never> {
      let failure: (any Error)?
      do {
        try await group.run()
        failure = nil
      } catch {
        failure = error
      }
      await onEnd(failure)
      return failure
    }
    running.withLock { $0 = task }
  }

  /// Replaces the configuration in force; each service restarts only if its own part changed.
  func update(_ config: KSPMBeatConfig) { source.push(.valid(config)) }

  /// Stops new cycles, flushes the queue within the daemon's deadline, releases the Lease, and
  /// returns when every service has ended.
  func stop() async {
    await group.triggerGracefulShutdown()
    _ = await running.withLock({ $0 })?.value
  }
}
