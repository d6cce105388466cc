import AgentControl
import Engine
import Foundation
import KSPMCore
import Logging

/// Brings what runs in line with what Elastic Agent expects, and reports each unit's state
/// truthfully: one input unit (`cloudbeat/cis_k8s` or `cloudbeat/cis_eks`) with its output unit
/// runs as one engine; a new configuration goes to that engine, which restarts only the parts
/// whose settings changed; a unit expected STOPPED is stopped and reported STOPPED.
///
/// Expected states arrive again and again while a unit is not settled (the agent re-sends them on
/// every check-in), so applying one is idempotent: a configuration index already tried is not
/// tried again.
actor UnitReconciler {
  /// One unit the agent expects: its latest expectation and the last configuration it sent.
  struct KnownUnit: Sendable {
    var expected: ExpectedUnit
    var config: UnitConfig?
    /// The index `config` belongs to.
    var configIdx: UInt64
  }

  /// The input and output unit configurations an engine (or a refusal) was made from.
  struct Attempt: Sendable, Equatable {
    var input: UnitKey
    var inputIdx: UInt64
    var output: UnitKey
    var outputIdx: UInt64
  }

  let client: AgentControlClient
  let base: KSPMBeatConfig
  let environment: [String: String]
  let logger: Logger
  let options: DaemonOptions
  private var agentInfo: AgentControl.AgentInfo?
  private var known: [UnitKey: KnownUnit] = [:]
  private var engine: EngineInstance?
  private var engineAttempt: Attempt?
  private var engineConfig: AgentConfiguration?
  private var lastAttempt: Attempt?
  private var health = EngineHealth()
  /// Units whose latest configuration was refused: reported FAILED until the next attempt,
  /// whatever the engine (still running the previous configuration) says.
  private var refused: [UnitKey: ObservedUnit] = [:]
  private var generations = 0
  private var stopping = false

  init(
    client: AgentControlClient, base: KSPMBeatConfig, environment: [String: String], logger: Logger,
    options: DaemonOptions, agentInfo: AgentControl.AgentInfo?
  ) {
    self.client = client
    self.base = base
    self.environment = environment
    self.logger = logger
    self.options = options
    self.agentInfo = agentInfo
  }

  // MARK: Expected state

  /// Applies one expected state from the agent.
  func apply(_ state: ExpectedState) async {
    guard !stopping else { return }
    if let info = state.agentInfo { agentInfo = info }
    await remember(state.units)
    applyLogLevel()
    await reconcile()
  }

  /// Records new and changed units (a new one is reported STARTING first) and drops the units the
  /// agent no longer lists.
  private func remember(_ units: [ExpectedUnit]) async {
    var listed = Set<UnitKey>()
    var added = false
    for unit in units {
      listed.insert(unit.key)
      if var current = known[unit.key] {
        current.expected = unit
        if let config = unit.config {
          current.config = config
          current.configIdx = unit.configStateIdx
        }
        known[unit.key] = current
      } else {
        known[unit.key] = KnownUnit(expected: unit, config: unit.config, configIdx: unit.configStateIdx)
        report(unit.key, .starting, "Starting", idx: 0)
        added = true
      }
    }
    if added { await client.flushReports() }
    for key in known.keys where !listed.contains(key) {
      known[key] = nil
      client.remove(key)
      if let attempt = engineAttempt, attempt.input == key || attempt.output == key {
        logger.info("unit \(key.id) removed by the agent: stopping its engine")
        await stopEngine()
      }
      if lastAttempt?.input == key || lastAttempt?.output == key { lastAttempt = nil }
    }
  }

  /// The process logs at the most verbose level any unit asks for.
  private func applyLogLevel() {
    guard let control = options.logLevel else { return }
    let levels = known.values.map(\.expected.logLevel)
    guard let most = levels.max() else { return }
    if control.apply(most.loggerLevel) { logger.info("log level is now \(most.loggerLevel) (asked by the agent)") }
  }

  private func reconcile() async {
    let inputs = known.values.filter { $0.expected.type == .input }.sorted { $0.expected.id < $1.expected.id }
    let outputs = known.values.filter { $0.expected.type == .output }.sorted { $0.expected.id < $1.expected.id }
    for unit in inputs + outputs where unit.expected.state == .stopped {
      await stopUnit(unit)
    }
    let activeInputs = inputs.filter { $0.expected.state != .stopped }
    let activeOutputs = outputs.filter { $0.expected.state != .stopped }
    guard let input = activeInputs.first else {
      for output in activeOutputs { report(output, .healthy, "Healthy") }
      return
    }
    for extra in activeInputs.dropFirst() {
      report(
        extra, .failed,
        "Failed: this process runs one input unit (\(input.expected.id)); the component spec isolates units")
    }
    for extra in activeOutputs.dropFirst() {
      report(extra, .failed, "Failed: more than one output unit; only one is used")
    }
    guard let output = activeOutputs.first else {
      report(input, .configuring, "Configuring: waiting for the output unit")
      return
    }
    guard let inputConfig = input.config, let outputConfig = output.config else {
      // Index 0 tells the agent the configuration is missing; it sends it again.
      for unit in [input, output] where unit.config == nil {
        report(unit.expected.key, .configuring, "Configuring: waiting for the configuration", idx: 0)
      }
      return
    }
    let attempt = Attempt(
      input: input.expected.key, inputIdx: input.configIdx, output: output.expected.key, outputIdx: output.configIdx)
    guard attempt != lastAttempt else {
      reportHealth()
      return
    }
    lastAttempt = attempt
    await configure(attempt, input: inputConfig, output: outputConfig)
  }

  /// A unit the agent expects STOPPED: its engine stops first (STOPPING while it flushes).
  private func stopUnit(_ unit: KnownUnit) async {
    if let attempt = engineAttempt, attempt.input == unit.expected.key || attempt.output == unit.expected.key {
      report(unit, .stopping, "Stopping")
      await client.flushReports()
      await stopEngine()
      if let other = known[attempt.input == unit.expected.key ? attempt.output : attempt.input],
        other.expected.state != .stopped
      {
        report(
          other, .configuring, "Configuring: its \(unit.expected.type == .input ? "input" : "output") unit stopped")
      }
    }
    if lastAttempt?.input == unit.expected.key || lastAttempt?.output == unit.expected.key { lastAttempt = nil }
    report(unit, .stopped, "Stopped")
  }

  /// Reads the two units into a configuration and runs it: in the running engine when there is
  /// one for this input, else in a new one.
  private func configure(_ attempt: Attempt, input: UnitConfig, output: UnitConfig) async {
    let changed = [attempt.input, attempt.output].filter { key in
      guard let running = engineAttempt else { return true }
      return key == running.input ? attempt.inputIdx != running.inputIdx : attempt.outputIdx != running.outputIdx
    }
    refused = [:]
    for key in changed { report(key, .configuring, "Configuring", idx: idx(of: key, in: attempt)) }
    await client.flushReports()

    guard AgentUnitConfig.benchmarks.contains(where: { $0.key == input.type }) else {
      let supported = AgentUnitConfig.benchmarks.map(\.key).joined(separator: ", ")
      logger.warning("input unit \(attempt.input.id): benchmark \(input.type) is not supported by this build")
      await stopEngine()
      report(
        attempt.input, .degraded,
        "Degraded: benchmark not supported: \(input.type) (this build runs \(supported)); nothing is collected",
        idx: attempt.inputIdx)
      report(attempt.output, .healthy, "Healthy", idx: attempt.outputIdx)
      return
    }
    let configuration: AgentConfiguration
    do {
      configuration = try AgentUnitConfig.configuration(
        input: AgentExpectedUnit(id: attempt.input.id, config: input.source),
        output: AgentExpectedUnit(id: attempt.output.id, config: output.source), base: base,
        environment: environment)
    } catch {
      refuse(attempt, error)
      return
    }
    for warning in configuration.warnings { logger.warning("configuration: \(warning)") }
    var config = configuration.config
    config.fleet = fleetContext(configuration.context)
    options.redactor?.register(config.secretValues)

    if let engine, engineAttempt?.input == attempt.input {
      engine.update(config)
      logger.info("configuration \(attempt.inputIdx)/\(attempt.outputIdx) from the agent applied to the running engine")
    } else {
      await stopEngine()
      startEngine(config)
      logger.info("engine started for input unit \(attempt.input.id)")
    }
    engineAttempt = attempt
    engineConfig = AgentConfiguration(config: config, context: configuration.context, warnings: configuration.warnings)
    reportHealth()
  }

  /// An invalid configuration: the unit at fault FAILED with the reason; an engine running an
  /// earlier configuration keeps running it.
  private func refuse(_ attempt: Attempt, _ error: ConfigError) {
    let outputAtFault = error.source.hasPrefix("output unit")
    let faulty = outputAtFault ? attempt.output : attempt.input
    let other = outputAtFault ? attempt.input : attempt.output
    var message = "Failed: invalid configuration: \(error)"
    if engine != nil { message += "; the previous configuration keeps running" }
    logger.error("invalid configuration from the agent: \(error)")
    let failed = ObservedUnit(
      id: faulty.id, type: faulty.type, state: .failed, message: message, configStateIdx: idx(of: faulty, in: attempt))
    refused[faulty] = failed
    client.report(failed)
    if engine == nil {
      report(
        other, other.type == .output ? .healthy : .configuring, other.type == .output ? "Healthy" : "Configuring",
        idx: idx(of: other, in: attempt))
    } else {
      reportHealth(only: other)
    }
  }

  private func fleetContext(_ context: AgentPolicyContext) -> FleetContext? {
    guard let agentInfo, !agentInfo.id.isEmpty else { return nil }
    return FleetContext(
      agentID: agentInfo.id, agentVersion: agentInfo.version, snapshot: agentInfo.snapshot,
      packagePolicyID: context.packagePolicyID, packagePolicyRevision: context.packagePolicyRevision)
  }

  private func idx(of key: UnitKey, in attempt: Attempt) -> UInt64 {
    key == attempt.input ? attempt.inputIdx : attempt.outputIdx
  }

  // MARK: Engine

  private func startEngine(_ config: KSPMBeatConfig) {
    generations += 1
    let instance = EngineInstance(
      generation: generations, config: config, environment: environment, logger: logger, options: options)
    health = EngineHealth()
    let followed = instance.events.subscribe()
    let generation = instance.generation
    Task { [weak self] in
      for await event in followed {
        guard let self else { return }
        await self.engineEvent(event, generation: generation)
      }
    }
    instance.start { [weak self] failure in
      await self?.engineEnded(failure, generation: generation)
    }
    engine = instance
  }

  private func stopEngine() async {
    guard let engine else { return }
    self.engine = nil
    engineAttempt = nil
    engineConfig = nil
    await engine.stop()
    health = EngineHealth()
  }

  private func engineEvent(_ event: EngineEvent, generation: Int) {
    guard generation == engine?.generation else { return }
    health.take(event)
    if case .configuration(.rejected(let reason)) = event, let attempt = engineAttempt {
      refused[attempt.input] = ObservedUnit(
        id: attempt.input.id, type: .input, state: .failed, message: "Failed: \(reason)",
        configStateIdx: attempt.inputIdx)
    }
    reportHealth()
  }

  /// An engine whose services ended by themselves (one failed): its input unit FAILED with why.
  /// The next expected state (the agent re-sends it while a unit is FAILED) starts it again.
  private func engineEnded(_ failure: (any Error)?, generation: Int) {
    guard generation == engine?.generation, let attempt = engineAttempt else { return }
    engine = nil
    engineAttempt = nil
    engineConfig = nil
    lastAttempt = nil
    let reason = failure.map { "\($0)" } ?? "the engine stopped"
    logger.error("engine for input unit \(attempt.input.id) stopped: \(reason)")
    report(attempt.input, .failed, "Failed: \(reason)", idx: attempt.inputIdx)
  }

  /// Reports the running engine's units as its events say.
  private func reportHealth(only key: UnitKey? = nil) {
    guard engine != nil, let attempt = engineAttempt else { return }
    for (unit, (state, message), idx) in [
      (attempt.input, health.input, attempt.inputIdx), (attempt.output, health.outputUnit, attempt.outputIdx),
    ] where key == nil || key == unit {
      if let refusal = refused[unit] {
        client.report(refusal)
      } else {
        report(unit, state, message, idx: idx)
      }
    }
  }

  // MARK: Shutdown

  /// SIGTERM: every unit STOPPING, the engine flushes and releases its Lease, every unit STOPPED.
  func shutdown() async {
    guard !stopping else { return }
    stopping = true
    for unit in known.values { report(unit, .stopping, "Stopping") }
    await client.flushReports()
    await stopEngine()
    for unit in known.values { report(unit, .stopped, "Stopped") }
    await client.flushReports()
  }

  // MARK: Reporting

  private func report(_ unit: KnownUnit, _ state: UnitState, _ message: String) {
    report(unit.expected.key, state, message, idx: unit.configIdx)
  }

  private func report(_ key: UnitKey, _ state: UnitState, _ message: String, idx: UInt64) {
    client.report(ObservedUnit(id: key.id, type: key.type, state: state, message: message, configStateIdx: idx))
  }

  // MARK: Diagnostics

  /// What a DIAGNOSTICS action returns: the effective configuration (secrets masked), the last
  /// cycle reports and the output's health.
  func diagnostics(_ request: ActionRequest) -> ActionResult {
    if request.level == .unit, known[UnitKey(type: request.unitType, id: request.unitID)] == nil {
      return .failed("action unit not found")
    }
    return .diagnostics(
      AgentDiagnostics.files(
        configuration: engineConfig, units: known.values.map { ($0.expected, $0.config) }, health: health,
        redactor: options.redactor))
  }
}

extension UnitLogLevel {
  /// The swift-log level of an agent log level (trace is swift-log's trace).
  var loggerLevel: Logger.Level {
    switch self {
    case .error: return .error
    case .warn: return .warning
    case .info: return .info
    case .debug: return .debug
    case .trace: return .trace
    }
  }
}
