import ArgumentParser
import Beat
import Foundation
import KSPMCore
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

  @Option(
    help:
      "Where the node's file system is mounted (default: /hostfs when it exists, else /); same as -E kspmbeat.host_root=PATH."
  )
  var hostRoot: String?

  @Option(help: "Log format: json (ECS) or plain; default json unless standard error is a terminal.")
  var logFormat: String?

  @Option(
    help: "Log level: trace, debug, info, warning, error (fixes it; default: logging.level of the configuration).")
  var logLevel: String?

  func validate() throws {
    if let hostRoot {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: hostRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ValidationError("--host-root \(hostRoot) is not a folder")
      }
    }
    if config == nil && overrides.isEmpty {
      throw ValidationError("give a configuration file with -c, or settings with -E")
    }
    if let logFormat, !["json", "plain"].contains(logFormat) {
      throw ValidationError("--log-format must be json or plain")
    }
    if let logLevel, Logger.Level(rawValue: logLevel) == nil {
      throw ValidationError("unknown --log-level \(logLevel)")
    }
  }

  func run() async throws {
    Console.ignoreBrokenPipes()
    let style: ECSLogHandler.Style =
      logFormat.map { $0 == "json" ? .json : .plain } ?? ECSLogHandler.automaticStyle()
    let levelControl = LogLevelControl(
      logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info, pinned: logLevel != nil)
    let redactor = SecretRedactor(environment: ProcessInfo.processInfo.environment)
    LoggingSystem.bootstrap { label in
      var handler = ECSLogHandler(label: label, style: style, redactor: redactor)
      handler.levelControl = levelControl
      return handler
    }
    var options = DaemonOptions()
    options.redactor = redactor
    options.logLevel = levelControl
    // --host-root is -E kspmbeat.host_root, given last so it wins over the file and earlier -E.
    let hostRootOverride = hostRoot.map { ["kspmbeat.host_root=" + JSONWriter.string(.string($0))] } ?? []
    let status = await Daemon.run(
      configFile: config, overrides: overrides + hostRootOverride, logger: Logger(label: "kspmbeat"),
      options: options)
    if status != 0 { throw ExitCode(status) }
  }
}
