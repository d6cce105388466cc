import Engine
import Logging
import ServiceLifecycle

/// Feeds the engine new configurations from a ``ConfigSource``: a valid one that differs from the
/// one in force replaces it (each service restarts only if its own settings changed), an invalid
/// one is reported and the one in force stays.
struct ConfigWatcherService: Service, CustomStringConvertible {
  let source: any ConfigSource
  let feed: SettingsFeed<KSPMBeatConfig>
  let events: EventBus
  let environment: [String: String]
  let redactor: SecretRedactor?
  let logLevel: LogLevelControl?
  let logger: Logger

  var description: String { "ConfigWatcherService" }

  func run() async throws {
    let feed = self.feed
    let events = self.events
    let environment = self.environment
    let redactor = self.redactor
    let logLevel = self.logLevel
    let logger = self.logger
    try await cancelWhenGracefulShutdown {
      await source.watch { update in
        switch update {
        case .valid(let config):
          redactor?.register(config.secretValues)
          if logLevel?.apply(config.logging.level.loggerLevel) == true {
            logger.info("log level is now \(config.logging.level.rawValue)")
          }
          let current = feed.current
          guard config != current else {
            logger.debug("configuration read again: unchanged")
            return
          }
          let restarted = EngineSettings.restarted(from: current, to: config, environment: environment)
          feed.publish(config)
          events.publish(.configuration(.applied(restarted: restarted)))
        case .invalid(let reason):
          events.publish(.configuration(.rejected(reason: reason)))
        }
      }
    }
    logger.info("stopping")
  }
}
