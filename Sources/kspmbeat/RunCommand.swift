import ArgumentParser
import Beat
import Foundation
import Logging

struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run periodic benchmark cycles as a long-lived shipper (a DaemonSet pod, or standalone).",
    discussion: """
      Reads kspmbeat.yml (beats style: dotted keys and nested maps, ${VAR} and ${VAR:default}), with -E \
      key=value overrides. Cluster objects are collected only by the elected leader (a Lease); node files \
      and processes on every node. SIGTERM/SIGINT stop after flushing and releasing the Lease; SIGHUP or a \
      changed file reloads the configuration.
      """
  )

  @Option(name: .shortAndLong, help: "Configuration file (kspmbeat.yml).")
  var config: String?

  @Option(name: .customShort("E"), help: "Override a setting: -E key=value (repeatable).")
  var overrides: [String] = []

  @Option(help: "Log format: json (ECS) or plain; default json unless standard error is a terminal.")
  var logFormat: String?

  @Option(help: "Log level: trace, debug, info, warning, error.")
  var logLevel: String = "info"

  func validate() throws {
    if config == nil && overrides.isEmpty {
      throw ValidationError("give a configuration file with -c, or settings with -E")
    }
    if let logFormat, !["json", "plain"].contains(logFormat) {
      throw ValidationError("--log-format must be json or plain")
    }
    if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("unknown --log-level \(logLevel)") }
  }

  func run() async throws {
    let style: ECSLogHandler.Style =
      logFormat.map { $0 == "json" ? .json : .plain } ?? ECSLogHandler.automaticStyle()
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = ECSLogHandler(label: label, style: style)
      handler.logLevel = level
      return handler
    }
    let status = await Daemon.run(
      configFile: config, overrides: overrides, logger: Logger(label: "kspmbeat"))
    if status != 0 { throw ExitCode(status) }
  }
}
