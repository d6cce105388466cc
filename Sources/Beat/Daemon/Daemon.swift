import Foundation
import Logging
import UnixSignals

/// `kspmbeat run`: loads the configuration, runs a ``DaemonInstance`` and restarts it with the new
/// configuration on SIGHUP or when the file changes; SIGTERM and SIGINT stop it (exit status 0).
public enum Daemon {
  /// Runs until stopped; returns the process exit status.
  public static func run(
    configFile: String?, overrides: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
    logger: Logger, configCheckInterval: Duration = .seconds(5)
  ) async -> Int32 {
    var config: KSPMBeatConfig
    do {
      let loaded = try KSPMBeatConfig.load(file: configFile, overrides: overrides, environment: environment)
      config = loaded.config
      for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
    } catch {
      logger.error("invalid configuration: \(error)")
      return 1
    }
    let (requests, continuation) = AsyncStream<DaemonRequest>.makeStream()
    let signals = Task {
      for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup) {
        continuation.yield(signal == .sighup ? .reload : .stop)
      }
    }
    let watcher = Task {
      guard let configFile else { return }
      var last = modificationDate(configFile)
      while !Task.isCancelled {
        try? await Task.sleep(for: configCheckInterval)
        let now = modificationDate(configFile)
        if now != last {
          last = now
          continuation.yield(.reload)
        }
      }
    }
    defer {
      signals.cancel()
      watcher.cancel()
    }
    var iterator = requests.makeAsyncIterator()
    while true {
      let instance = DaemonInstance(config: config, logger: logger, environment: environment)
      let request: DaemonRequest
      do {
        request = try await instance.run { await iterator.next() ?? .stop }
      } catch {
        logger.error("cannot start: \(error)")
        return 1
      }
      if request == .stop { return 0 }
      do {
        let loaded = try KSPMBeatConfig.load(file: configFile, overrides: overrides, environment: environment)
        config = loaded.config
        for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
        logger.info("configuration reloaded")
      } catch {
        logger.error("configuration not reloaded, keeping the previous one: \(error)")
      }
    }
  }

  static func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}
