import Beat
import Engine
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// Waits (polling) until `condition` holds or `timeout` passes; the tests then assert invariants
/// that hold however late the machine ran the tasks.
func eventually(timeout: Duration = .seconds(30), _ condition: @Sendable () -> Bool) async throws {
  let deadline = ContinuousClock.now + timeout
  while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

/// A configuration source a test feeds by hand.
final class ManualConfigSource: ConfigSource {
  let updates = Mailbox<ConfigUpdate>(policy: .bounded(16))

  func watch(_ deliver: @escaping @Sendable (ConfigUpdate) -> Void) async {
    for await update in updates { deliver(update) }
  }
}

/// Runs the daemon's service group for `config` while `body` runs, then stops it as SIGTERM
/// would (graceful shutdown) and waits until it has stopped.
func withDaemon(
  _ config: KSPMBeatConfig, environment: [String: String] = ["NODE_NAME": "solo"], logger: Logger,
  options: DaemonOptions = DaemonOptions(), source: any ConfigSource = ManualConfigSource(),
  _ body: () async throws -> Void
) async throws {
  let group = Daemon.services(
    config: config, source: source, environment: environment, logger: logger, options: options, trapSignals: false)
  try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    do {
      try await body()
    } catch {
      await group.triggerGracefulShutdown()
      throw error
    }
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
  }
}
