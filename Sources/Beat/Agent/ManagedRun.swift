import AgentControl
import Foundation
import Logging
import ServiceLifecycle

/// `kspmbeat run` with `management.enabled`: the process Elastic Agent runs in place of cloudbeat.
///
/// It reads the agent's `StartUpInfo` from standard input (to its end), connects back over the
/// control protocol V2, and runs what the agent's units ask for: the engine of `kspmbeat run`,
/// configured from the input unit (benchmark, period, AWS, data stream) and the output unit
/// (Elasticsearch), on top of the process's own settings (`-E`: cluster and node access, leader
/// election, monitoring endpoint, logging). Unit states follow the engine's health stream.
/// SIGTERM and SIGINT report every unit STOPPING, flush, release the Lease and exit 0.
public enum ManagedRun {
  /// Runs until stopped; returns the process exit status.
  public static func run(
    base: KSPMBeatConfig, environment: [String: String], logger: Logger, options: DaemonOptions
  ) async -> Int32 {
    let startUpInfo: StartUpInfo
    do {
      startUpInfo = try (options.startUpInfo ?? { try StartUpInfo.read() })()
    } catch {
      logger.error(
        "management.enabled: could not read Elastic Agent's StartUpInfo from standard input (\(error)); run kspmbeat under Elastic Agent, or without management.enabled"
      )
      return 1
    }
    guard !startUpInfo.address.isEmpty || !startUpInfo.token.isEmpty else {
      logger.error(
        "management.enabled: standard input held no StartUpInfo from Elastic Agent; run kspmbeat under Elastic Agent, or without management.enabled"
      )
      return 1
    }
    guard startUpInfo.grantsCheckinV2 else {
      logger.error("management.enabled: the agent did not grant the CheckinV2 service; this build speaks only V2")
      return 1
    }
    let controlOptions =
      options.controlOptions ?? AgentControlOptions(versionInfo: VersionInfo(meta: ["version": Scanner.version]))
    let client = AgentControlClient(startUpInfo: startUpInfo, options: controlOptions)
    let reconciler = UnitReconciler(
      client: client, base: base, environment: environment, logger: logger, options: options,
      agentInfo: startUpInfo.agentInfo)
    client.registerDiagnostics { request in await reconciler.diagnostics(request) }
    logger.info(
      "managed by Elastic Agent: connecting to \(startUpInfo.address)",
      metadata: [
        "agent.id": "\(startUpInfo.agentInfo?.id ?? "")", "agent.version": "\(startUpInfo.agentInfo?.version ?? "")",
      ])
    let services: [any Service] = [
      ControlClientService(client: client, logger: logger),
      UnitSupervisorService(client: client, reconciler: reconciler),
    ]
    var groupLogger = logger
    groupLogger.logLevel = max(logger.logLevel, .info)
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: services.map {
          .init(
            service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup)
        },
        gracefulShutdownSignals: [.sigterm, .sigint], logger: groupLogger))
    do {
      try await group.run()
      logger.info("stopped")
      return 0
    } catch {
      logger.error("stopped after a failure: \(error)")
      return 1
    }
  }
}

/// Feeds the agent's expected states to the reconciler, one at a time, until shutdown; then stops
/// every unit (STOPPING, flush, STOPPED) before the control connection closes.
struct UnitSupervisorService: Service, CustomStringConvertible {
  let client: AgentControlClient
  let reconciler: UnitReconciler

  var description: String { "UnitSupervisorService" }

  func run() async throws {
    let expected = client.expected
    let reconciler = self.reconciler
    try? await cancelWhenGracefulShutdown {
      for await state in expected {
        await reconciler.apply(state)
      }
    }
    await reconciler.shutdown()
  }
}
