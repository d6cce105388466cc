import AgentControl
import Logging
import ServiceLifecycle

/// The control connection as a service of the managed process: checks in until the process shuts
/// down, then makes sure the last states (STOPPING, STOPPED) reached the agent before it closes.
struct ControlClientService: Service, CustomStringConvertible {
  let client: AgentControlClient
  let logger: Logger

  var description: String { "ControlClientService" }

  func run() async throws {
    let client = self.client
    let logger = self.logger
    let watcher = Task {
      for await event in client.events {
        switch event {
        case .connected: logger.info("connected to Elastic Agent")
        case .disconnected(let reason): logger.warning("control connection to Elastic Agent lost: \(reason)")
        case .retrying(let wait): logger.debug("reconnecting to Elastic Agent in \(wait)")
        }
      }
    }
    defer { watcher.cancel() }
    let connection = Task { try await client.run() }
    await withTaskCancellationOrGracefulShutdownHandler {
      _ = await connection.result
    } onCancelOrGracefulShutdown: {
      Task {
        await client.flushReports(timeout: .seconds(2))
        connection.cancel()
      }
    }
    if case .failure(let error) = await connection.result, !(error is CancellationError) {
      throw error
    }
  }
}
