import Engine
import Logging
import ServiceLifecycle
import Synchronization

/// libbeat's HTTP monitoring endpoint (`http.*`) as a service of the daemon: `GET /` (who),
/// `/stats` (cycles, output, leadership, libbeat's counters), `/healthz` and `/readyz` (probes).
///
/// It follows the engine's event stream into an ``EngineMonitor`` for the life of the process,
/// whether or not the endpoint is enabled. The first settings are bound at start: a socket that
/// cannot be bound fails the service (the daemon then stops and says why). New settings close the
/// socket and open the new one; one that cannot be bound then is logged, and the endpoint stays
/// closed until the next settings.
public struct MonitoringService: Service, CustomStringConvertible {
  public let settings: Mailbox<MonitoringSettings>
  public let monitor: EngineMonitor
  public let mailbox: Mailbox<EngineEvent>
  public let logger: Logger

  /// Subscribes at once, so nothing published after this is missed.
  public init(settings: Mailbox<MonitoringSettings>, monitor: EngineMonitor, events: EventBus, logger: Logger) {
    self.settings = settings
    self.monitor = monitor
    mailbox = events.subscribe()
    self.logger = logger
  }

  public var description: String { "MonitoringService" }

  public func run() async throws {
    guard let first = await settings.next() else { return }
    let router = MonitoringRouter(monitor: monitor)
    let bound = first.enabled ? try await MonitoringServer.start(first.endpoint, router: router) : nil
    let handOver = LockedServer(bound)
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        for await event in mailbox { monitor.apply(event) }
      }
      // Until graceful shutdown; the event follower is then cancelled.
      await followSettings(settings, first: first) { settings in
        await serve(settings, server: handOver.take(), router: router)
      }
      group.cancelAll()
    }
  }

  /// One endpoint's life, until cancelled: `server` when already bound, else bound now.
  func serve(_ settings: MonitoringSettings, server: MonitoringServer?, router: MonitoringRouter) async {
    guard settings.enabled else {
      await waitForCancellation()
      return
    }
    let listening: MonitoringServer
    if let server {
      listening = server
    } else {
      do {
        listening = try await MonitoringServer.start(settings.endpoint, router: router)
      } catch {
        logger.error("\(error); the endpoint stays closed until the next configuration")
        return
      }
    }
    logger.info("monitoring endpoint listening", metadata: ["http.address": "\(listening.address)"])
    await listening.serve()
  }
}

/// The server bound at start, handed to the first endpoint run exactly once.
private final class LockedServer: Sendable {
  private let server: Mutex<MonitoringServer?>

  init(_ server: MonitoringServer?) { self.server = Mutex(server) }

  func take() -> MonitoringServer? {
    server.withLock { s in
      defer { s = nil }
      return s
    }
  }
}
