import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `kspmbeat run`: loads the configuration and runs the daemon as a service of a swift-service-lifecycle
/// `ServiceGroup`. SIGTERM and SIGINT shut it down gracefully (exit status 0); SIGHUP, or a change to
/// the configuration file, restarts the daemon's instance with the new configuration.
public enum Daemon {
  /// Runs until stopped; returns the process exit status.
  public static func run(
    configFile: String?, overrides: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
    logger: Logger, configCheckInterval: Duration = .seconds(5)
  ) async -> Int32 {
    let config: KSPMBeatConfig
    do {
      let loaded = try KSPMBeatConfig.load(file: configFile, overrides: overrides, environment: environment)
      config = loaded.config
      for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
    } catch {
      logger.error("invalid configuration: \(error)")
      return 1
    }
    let service = DaemonService(
      initialConfig: config, configFile: configFile, overrides: overrides, environment: environment, logger: logger,
      configCheckInterval: configCheckInterval)
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    do {
      try await group.run()
      return 0
    } catch {
      logger.error("cannot start: \(error)")
      return 1
    }
  }

  static func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}

/// The daemon as a service: runs ``DaemonInstance``s one after another, a new one for each reload,
/// until the group shuts down gracefully.
struct DaemonService: Service {
  let initialConfig: KSPMBeatConfig
  let configFile: String?
  let overrides: [String]
  let environment: [String: String]
  let logger: Logger
  let configCheckInterval: Duration

  func run() async throws {
    let (requests, continuation) = AsyncStream<DaemonRequest>.makeStream()
    let hangups = Task {
      for await _ in await UnixSignalsSequence(trapping: .sighup) { continuation.yield(.reload) }
    }
    let watcher = Task { [configFile, configCheckInterval] in
      guard let configFile else { return }
      var last = Daemon.modificationDate(configFile)
      while !Task.isCancelled {
        try? await Task.sleep(for: configCheckInterval)
        let now = Daemon.modificationDate(configFile)
        if now != last {
          last = now
          continuation.yield(.reload)
        }
      }
    }
    defer {
      hangups.cancel()
      watcher.cancel()
    }
    try await withGracefulShutdownHandler {
      var config = initialConfig
      var iterator = requests.makeAsyncIterator()
      var processStart = true
      while true {
        var instance = DaemonInstance(config: config, logger: logger, environment: environment)
        // `rotate_on_startup` means the process's start, not a reload.
        instance.isProcessStart = processStart
        processStart = false
        let request = try await instance.run { await iterator.next() ?? .stop }
        if request == .stop { return }
        do {
          let loaded = try KSPMBeatConfig.load(file: configFile, overrides: overrides, environment: environment)
          config = loaded.config
          for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
          logger.info("configuration reloaded")
        } catch {
          logger.error("configuration not reloaded, keeping the previous one: \(error)")
        }
      }
    } onGracefulShutdown: {
      continuation.yield(.stop)
    }
  }
}
