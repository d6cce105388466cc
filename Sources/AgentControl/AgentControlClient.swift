import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// The component side of the Elastic Agent control protocol V2: checks in over `CheckinV2`
/// (observed units out, expected units in) and answers `Actions`, reconnecting with backoff while
/// `run()` lasts.
///
/// Report units with `report(_:)`; read what the agent wants from `expected`; register action
/// handlers before or while running.
public final class AgentControlClient: Sendable {
  /// Every `CheckinExpected` the agent sends, in order, converted.
  public let expected: AsyncStream<ExpectedState>
  /// Connection changes, for logs and tests.
  public let events: AsyncStream<AgentControlEvent>

  let info: StartUpInfo
  let options: AgentControlOptions
  let state = Mutex(AgentControlState())
  let expectedContinuation: AsyncStream<ExpectedState>.Continuation
  let eventsContinuation: AsyncStream<AgentControlEvent>.Continuation

  /// A client for the agent described by `startUpInfo`; nothing happens before `run()`.
  public init(startUpInfo: StartUpInfo, options: AgentControlOptions = AgentControlOptions()) {
    self.info = startUpInfo
    self.options = options
    (expected, expectedContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    (events, eventsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(100))
  }

  /// Replaces every reported unit with `units` and checks in at once.
  public func report(_ units: [ObservedUnit]) {
    state.withLock { state in
      state.units = Dictionary(units.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
      state.generation += 1
      state.checkinTrigger?.yield()
    }
  }

  /// Adds or replaces one unit's state and checks in at once.
  public func report(_ unit: ObservedUnit) {
    state.withLock { state in
      guard state.units[unit.key] != unit else { return }
      state.units[unit.key] = unit
      state.generation += 1
      state.checkinTrigger?.yield()
    }
  }

  /// Stops reporting a unit (after it was reported STOPPED) and checks in at once.
  public func remove(_ key: UnitKey) {
    state.withLock { state in
      guard state.units.removeValue(forKey: key) != nil else { return }
      state.generation += 1
      state.checkinTrigger?.yield()
    }
  }

  /// Waits until the units as reported now have been written to the agent, at most `timeout`;
  /// returns at once while no checkin stream is open (the next stream carries them).
  public func flushReports(timeout: Duration = .seconds(1)) async {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let done = state.withLock { $0.checkinTrigger == nil || $0.sentGeneration >= $0.generation }
      if done { return }
      try? await Task.sleep(for: .milliseconds(10))
    }
  }

  /// The units as they are reported now.
  public var reportedUnits: [ObservedUnit] {
    state.withLock { Array($0.units.values) }
  }

  /// Answers the custom action `name`; other custom actions fail with "action undefined".
  public func registerAction(_ name: String, handler: @escaping ActionHandler) {
    state.withLock { $0.customHandlers[name] = handler }
  }

  /// Answers diagnostics requests (with `.diagnostics(files)`); without one they fail.
  public func registerDiagnostics(handler: @escaping ActionHandler) {
    state.withLock { $0.diagnosticsHandler = handler }
  }

  /// Connects and keeps connected until cancelled: each time the streams break, waits (1 s by
  /// default, doubling while streams keep breaking at once, capped) and opens them again.
  public func run() async throws {
    guard info.grantsCheckinV2 else { throw AgentControlError.checkinV2NotGranted }
    _ = try AgentControlTransport.target(info.address)
    defer {
      expectedContinuation.finish()
      eventsContinuation.finish()
    }
    var backoff = options.initialBackoff
    while !Task.isCancelled {
      let started = ContinuousClock.now
      let reason: String
      do {
        try await connectOnce()
        reason = "stream ended"
      } catch {
        reason = String(describing: error)
      }
      if Task.isCancelled { break }
      eventsContinuation.yield(.disconnected(reason))
      if ContinuousClock.now - started >= options.initialBackoff {
        backoff = options.initialBackoff
      }
      eventsContinuation.yield(.retrying(after: backoff))
      try? await Task.sleep(for: backoff)
      backoff = min(backoff * 2, options.maxBackoff)
    }
  }

  /// One connection: both streams until the checkin stream ends.
  private func connectOnce() async throws {
    let transport = try AgentControlTransport.make(info)
    try await withGRPCClient(transport: transport) { grpc in
      let agent = Proto_ElasticAgent.Client(wrapping: grpc)
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await self.checkinStream(agent) }
        group.addTask { try await self.actionsStream(agent) }
        defer { group.cancelAll() }
        try await group.next()
      }
      grpc.beginGracefulShutdown()
    }
  }
}
