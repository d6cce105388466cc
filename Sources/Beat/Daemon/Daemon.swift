import AgentControl
import Engine
import Foundation
import Host
import KSPMCore
import Logging
import Monitoring
import Output
import ServiceLifecycle

/// What a test (or a future caller) may change about how the daemon runs.
public struct DaemonOptions: Sendable {
  /// How often the configuration file's modification time is checked.
  public var configCheckInterval: Duration = .seconds(5)
  /// How long shutdown waits for queued findings to be written.
  public var flushDeadline: Duration = .seconds(10)
  /// What the output does when it cannot take findings.
  public var failurePolicy: PublisherFailurePolicy = .standardRetry
  /// Replaces the configured output (tests).
  public var outputOverride: (@Sendable () -> any FindingOutput)?
  /// Learns each configuration's secrets, so the log handler can mask them.
  public var redactor: SecretRedactor?
  /// The process log level: each configuration's `logging.level` (and, managed, the units' levels).
  public var logLevel: LogLevelControl?
  /// Managed mode: where the agent's `StartUpInfo` is read from (standard input by default).
  public var startUpInfo: (@Sendable () throws -> StartUpInfo)?
  /// Managed mode: check-in and reconnect timings (tests shorten them).
  public var controlOptions: AgentControlOptions?

  public init() {}
}

/// `kspmbeat run`: the engine's services in one swift-service-lifecycle `ServiceGroup`; with
/// `management.enabled`, the process Elastic Agent runs (see ``ManagedRun``).
///
/// Services, in start order (shutdown runs in reverse): the event log, the monitoring endpoint
/// (`http.*`; it idles while disabled), the delivery (queue → output), leader election, the cycle
/// scheduler, and the configuration watcher (the file on SIGHUP or change, plus `-E`). SIGTERM and SIGINT stop new cycles, flush the queue, release the
/// Lease and exit 0. A service that fails stops the whole group with a logged error: the daemon
/// never runs on with a dead part.
public enum Daemon {
  /// Runs until stopped; returns the process exit status.
  public static func run(
    configFile: String?, overrides: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
    logger: Logger, options: DaemonOptions = DaemonOptions()
  ) async -> Int32 {
    let config: KSPMBeatConfig
    do {
      let loaded = try KSPMBeatConfig.load(file: configFile, overrides: overrides, environment: environment)
      config = loaded.config
      options.redactor?.register(config.secretValues)
      for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
    } catch {
      logger.error("invalid configuration: \(error)")
      return 1
    }
    options.logLevel?.apply(config.logging.level.loggerLevel)
    if config.management.enabled {
      return await ManagedRun.run(base: config, environment: environment, logger: logger, options: options)
    }
    let source = FileConfigSource(
      file: configFile, overrides: overrides, environment: environment, checkInterval: options.configCheckInterval,
      hangups: await FileConfigSource.trapHangups())
    let group = services(config: config, source: source, environment: environment, logger: logger, options: options)
    do {
      try await group.run()
      return 0
    } catch {
      logger.error("stopped after a failure: \(error)")
      return 1
    }
  }

  /// The daemon's service group for a first configuration and a source of later ones. With
  /// `trapSignals`, SIGTERM and SIGINT shut it down gracefully.
  public static func services(
    config: KSPMBeatConfig, source: any ConfigSource, environment: [String: String], logger: Logger,
    options: DaemonOptions, trapSignals: Bool = true, events: EventBus = EventBus()
  ) -> ServiceGroup {
    let feed = SettingsFeed(config)
    let delivery = Delivery(capacity: config.queue.events, events: events)
    let leadership = Leadership()
    let signals = Mailbox<SchedulerSignal>(policy: .bounded(16))
    let ephemeralID = NameBasedUUID.random()
    let monitor = EngineMonitor(
      info: BeatInfo(hostname: HostIdentity.hostname(), version: Scanner.version, ephemeralID: ephemeralID),
      delivery: delivery, leadership: leadership)
    let outputOverride = options.outputOverride
    let makeOutput: DeliveryService.OutputMaker = { settings, processStart, onHealth in
      if let outputOverride { return outputOverride() }
      return try OutputFactory.makeOutput(
        settings.output, index: settings.index, userAgent: "kspmbeat/\(Scanner.version)", logger: logger,
        processStart: processStart, onHealthChange: onHealth)
    }
    let services: [any Service] = [
      EventLogService(events: events, logger: logger),
      MonitoringService(
        settings: feed.updates(EngineSettings.monitoring), monitor: monitor, events: events, logger: logger),
      DeliveryService(
        delivery: delivery, settings: feed.updates(EngineSettings.output), makeOutput: makeOutput,
        flushDeadline: options.flushDeadline, failurePolicy: options.failurePolicy),
      LeaderElectionService(
        settings: feed.updates { EngineSettings.election($0, environment: environment) }, leadership: leadership,
        events: events, scheduler: signals, logger: logger),
      SchedulerService(
        plans: feed.updates { EngineSettings.plan($0, environment: environment) }, periods: feed.updates(\.period),
        signals: signals, delivery: delivery, leadership: leadership, events: events, logger: logger,
        settleDelay: config.leaderElection.retryPeriod * 2, ephemeralID: ephemeralID),
      ConfigWatcherService(
        source: source, feed: feed, events: events, environment: environment, redactor: options.redactor,
        logLevel: options.logLevel, logger: logger),
    ]
    // The group's own lines are about the services, at debug level; they never need more.
    var groupLogger = logger
    groupLogger.logLevel = max(logger.logLevel, .info)
    return ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: services.map {
          .init(
            service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup)
        },
        gracefulShutdownSignals: trapSignals ? [.sigterm, .sigint] : [], logger: groupLogger))
  }
}
