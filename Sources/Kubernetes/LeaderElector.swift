import Foundation
import KSPMCore
import Logging

/// What a ``LeaderElector`` reports about leadership.
public enum LeadershipEvent: Sendable, Hashable {
  /// This process became the leader (client-go's `OnStartedLeading`).
  case started
  /// This process stopped being the leader: it failed to renew for a whole renew deadline, saw
  /// another holder, or was stopped (client-go's `OnStoppedLeading`, but only after a `started`).
  case stopped
  /// The observed holder changed (client-go's `OnNewLeader`); also reports this process. An
  /// empty holder (a released Lease) is not reported.
  case newLeader(String)
}

/// The clocks and the sleep a ``LeaderElector`` uses; tests can replace them.
public struct LeaderElectionClock: Sendable {
  /// Wall-clock time, written to `acquireTime` and `renewTime`.
  public var now: @Sendable () -> Date
  /// Monotonic time since an arbitrary origin: when a Lease change was observed, and every
  /// deadline. Like Go's monotonic clock reading in `time.Now()`, it does not jump with the wall
  /// clock.
  public var uptime: @Sendable () -> Duration
  /// Sleeps for a duration; throws `CancellationError` when the task is cancelled.
  public var sleep: @Sendable (Duration) async throws -> Void
  /// A number in `[0, 1)` for the jitter of acquisition retries.
  public var random: @Sendable () -> Double

  public init(
    now: @escaping @Sendable () -> Date, uptime: @escaping @Sendable () -> Duration,
    sleep: @escaping @Sendable (Duration) async throws -> Void,
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
  ) {
    self.now = now
    self.uptime = uptime
    self.sleep = sleep
    self.random = random
  }

  /// `Date()`, `ContinuousClock`, `Task.sleep`.
  public static var system: LeaderElectionClock {
    let origin = ContinuousClock.now
    return LeaderElectionClock(
      now: { Date() }, uptime: { ContinuousClock.now - origin },
      sleep: { duration in
        if duration > .zero { try await Task.sleep(for: duration) } else { try Task.checkCancellation() }
      })
  }
}

/// Lease-based leader election, as client-go's `tools/leaderelection` does it on a
/// `coordination.k8s.io/v1` Lease.
///
/// - **Acquire**: try at once, then every `retryPeriod × [1, 2.2)`. Create the Lease when absent
///   (a 409 AlreadyExists is a failed attempt). A foreign holder is respected until the record
///   has stayed unchanged for `leaseDurationSeconds` by the *local* clock (its `renewTime` is
///   never compared with our clock); an empty or expired holder is taken over with
///   `leaseTransitions + 1`. Updates carry the `resourceVersion` of the object read, so a
///   concurrent writer gets 409 Conflict, which is a failed attempt.
/// - **Renew**: every `retryPeriod`, first with the cached object (fast path), else read again.
///   A renewal is retried every `retryPeriod` until `renewDeadline`; failing for that long loses
///   leadership. ``isLeader`` turns false at that deadline even if the renewing task is starved,
///   which is before any other candidate can take over (they wait `leaseDuration`). The deadline
///   is `start of the last successful attempt + retryPeriod + renewDeadline`; client-go counts
///   from the start of the poll, i.e. after the successful response, so it differs only when a
///   request is slow, and then in the safe direction (a leader whose requests take longer than
///   `retryPeriod + renewDeadline` gives up at once).
/// - **Release** (when `releaseOnCancel`): after leading ends, the holder is cleared
///   (`holderIdentity ""`, `leaseDurationSeconds 1`, times now, transitions unchanged), retried
///   within `renewDeadline`, so a successor acquires at once.
/// - ``run()`` campaigns again after losing, as cloudbeat does, until ``stop()`` or
///   cancellation.
///
/// Observe leadership with ``isLeader`` (cheap, any thread), ``leader`` (the observed holder) or
/// ``events()``.
public final class LeaderElector: Sendable {
  public let config: LeaderElectionConfig
  let clock: LeaderElectionClock
  let logger: Logger
  let campaign: LeaseCampaign
  let shared: LockedValue<Shared>

  struct Shared {
    /// The holder of the last record observed or written; `nil` before the first read.
    var observedHolder: String?
    /// Between `started` and `stopped`.
    var leading = false
    /// Monotonic time until which a leader may consider itself leader without another renewal:
    /// start of the last successful renewal + retry period + renew deadline.
    var validUntil: Duration = .zero
    var reportedLeader: String?
    var subscribers: [UInt64: AsyncStream<LeadershipEvent>.Continuation] = [:]
    var nextSubscriber: UInt64 = 0
    var runTask: Task<Void, Never>?
    var stopRequested = false
    var finished = false
  }

  /// Validates `config`; the elector does nothing until ``run()``. A namespace or identity left
  /// open is the client's namespace and a random identity (resolve them first to choose).
  public init(
    client: KubernetesClient, config: LeaderElectionConfig, clock: LeaderElectionClock = .system,
    logger: Logger = Logger(label: "kspmbeat.leaderelection")
  ) throws(LeaderElectionConfigError) {
    let config = config.resolved(defaultNamespace: client.configuration.namespace, podName: nil)
    try config.validate()
    self.config = config
    self.clock = clock
    var logger = logger
    logger[metadataKey: "lease"] = "\(config.leaseNamespace)/\(config.leaseName)"
    logger[metadataKey: "identity"] = "\(config.holderIdentity)"
    self.logger = logger
    let shared = LockedValue(Shared())
    self.shared = shared
    campaign = LeaseCampaign(
      lock: LeaseLock(client: client, namespace: config.leaseNamespace, name: config.leaseName), config: config,
      clock: clock, logger: logger, shared: shared)
  }

  // MARK: Observing

  /// True while this process leads and its last successful renewal is recent enough: the
  /// observed holder is this identity, and the renew deadline has not passed. Cheap; callable
  /// from any thread.
  public var isLeader: Bool {
    let now = clock.uptime()
    return shared.withLock { $0.leading && $0.observedHolder == config.holderIdentity && now < $0.validUntil }
  }

  /// The holder of the Lease as last observed (`""` when released, `nil` before the first read).
  public var leader: String? { shared.withLock { $0.observedHolder } }

  /// Leadership changes from now on. The stream finishes when ``run()`` has returned (at once
  /// when it already has).
  public func events() -> AsyncStream<LeadershipEvent> {
    let (stream, continuation) = AsyncStream.makeStream(of: LeadershipEvent.self)
    let id: UInt64? = shared.withLock { state in
      if state.finished { return nil }
      let id = state.nextSubscriber
      state.nextSubscriber += 1
      state.subscribers[id] = continuation
      return id
    }
    if let id {
      continuation.onTermination = { [shared] _ in _ = shared.withLock { $0.subscribers.removeValue(forKey: id) } }
    } else {
      continuation.finish()
    }
    return stream
  }

  private func emit(_ event: LeadershipEvent) {
    let subscribers = shared.withLock { Array($0.subscribers.values) }
    for subscriber in subscribers { subscriber.yield(event) }
  }

  /// Reports the observed holder when it changed (client-go's `maybeReportTransition`).
  private func reportTransition() {
    let changed: String? = shared.withLock { state in
      guard let holder = state.observedHolder, !holder.isEmpty, holder != state.reportedLeader else { return nil }
      state.reportedLeader = holder
      return holder
    }
    if let changed {
      if changed != config.holderIdentity { logger.info("new leader elected", metadata: ["leader": "\(changed)"]) }
      emit(.newLeader(changed))
    }
  }

  // MARK: Running

  /// Campaigns, leads, releases and campaigns again until ``stop()`` is called or the calling
  /// task is cancelled; then releases the Lease (when `releaseOnCancel`) and returns. An elector
  /// runs once: calling `run()` again, or after `stop()`, returns at once.
  public func run() async {
    let task: Task<Void, Never>? = shared.withLock { state in
      guard state.runTask == nil, !state.stopRequested, !state.finished else { return nil }
      let task = Task { await self.campaignLoop() }
      state.runTask = task
      return task
    }
    guard let task else { return }
    await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
  }

  /// Stops ``run()`` and waits until it has returned, the Lease released (when
  /// `releaseOnCancel`). Stop the work that leadership guards first.
  public func stop() async {
    let task = shared.withLock { state in
      state.stopRequested = true
      return state.runTask
    }
    task?.cancel()
    await task?.value
  }

  private func campaignLoop() async {
    defer {
      let subscribers = shared.withLock { state in
        state.finished = true
        return Array(state.subscribers.values)
      }
      for subscriber in subscribers { subscriber.finish() }
    }
    while !Task.isCancelled {
      guard await acquire() else { break }
      logger.info("acquired the lease; leading")
      emit(.started)
      await renew()
      shared.withLock { $0.leading = false }
      logger.info(Task.isCancelled ? "stopped leading" : "lost the lease; stopped leading")
      emit(.stopped)
      if config.releaseOnCancel {
        // Not cancelled with the run: the release must still reach the API server.
        await Task { await self.release() }.value
      }
    }
  }

  /// Tries until the Lease is ours; false when cancelled.
  private func acquire() async -> Bool {
    logger.info("attempting to acquire the lease")
    while true {
      if Task.isCancelled { return false }
      let start = clock.uptime()
      let acquired = await campaign.tryAcquireOrRenew()
      if acquired { markRenewed(attemptStart: start, starting: true) }
      reportTransition()
      if acquired { return true }
      let wait = config.retryPeriod * (1 + LeaderElectionConfig.jitterFactor * clock.random())
      do { try await clock.sleep(wait) } catch { return false }
    }
  }

  private func markRenewed(attemptStart: Duration, starting: Bool = false) {
    let validUntil = attemptStart + config.retryPeriod + config.renewDeadline
    shared.withLock { state in
      if starting { state.leading = true }
      state.validUntil = validUntil
    }
  }

  /// Renews every retry period until a renewal fails for a whole renew deadline, or the task is
  /// cancelled.
  private func renew() async {
    while true {
      do { try await clock.sleep(config.retryPeriod) } catch { return }
      // The deadline counts from the last success, so that it can never be later than the
      // `validUntil` that ``isLeader`` checks, however late this task wakes.
      let deadline = shared.withLock { $0.validUntil }
      var renewed = false
      while !renewed {
        let start = clock.uptime()
        if start >= deadline { break }
        renewed = await attempt(until: deadline) { await $0.tryAcquireOrRenew() }
        if Task.isCancelled { return }
        if renewed { markRenewed(attemptStart: start) }
        reportTransition()
        if !renewed {
          let remaining = deadline - clock.uptime()
          if remaining <= .zero { break }
          do { try await clock.sleep(min(config.retryPeriod, remaining)) } catch { return }
        }
      }
      if !renewed {
        logger.warning(
          "failed to renew the lease within the renew deadline",
          metadata: ["renew_deadline": "\(LeaderElectionConfig.show(config.renewDeadline))"])
        return
      }
    }
  }

  /// Clears the holder, retrying every retry period within the renew deadline.
  private func release() async {
    let deadline = clock.uptime() + config.renewDeadline
    while true {
      if await attempt(until: deadline, { await $0.tryRelease() }) {
        return
      }
      let remaining = deadline - clock.uptime()
      if remaining <= .zero { break }
      do { try await clock.sleep(min(config.retryPeriod, remaining)) } catch { break }
      if clock.uptime() >= deadline { break }
    }
    logger.warning("could not release the lease within the renew deadline; others take over when it expires")
  }

  /// Runs `body` on the campaign, given up (false) when `deadline` passes first.
  private func attempt(
    until deadline: Duration, _ body: @escaping @Sendable (LeaseCampaign) async -> Bool
  ) async -> Bool {
    let campaign = self.campaign
    let clock = self.clock
    return await withTaskGroup(of: Bool?.self) { group in
      group.addTask { await body(campaign) }
      group.addTask {
        try? await clock.sleep(deadline - clock.uptime())
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first ?? false
    }
  }
}

/// The state of client-go's `LeaderElector` that one attempt reads and writes: the last Lease
/// object, the observed record and when it was observed (local monotonic time).
actor LeaseCampaign {
  let lock: LeaseLock
  let config: LeaderElectionConfig
  let clock: LeaderElectionClock
  let logger: Logger
  let shared: LockedValue<LeaderElector.Shared>

  /// The Lease as last read or written; its `resourceVersion` goes with the next update.
  private(set) var lease: JSONValue?
  private(set) var observedRecord: LeaderElectionRecord?
  /// client-go's `observedRawRecord`: set when a read shows a different record.
  private var observedFingerprint: LeaderElectionRecord.Fingerprint?
  /// Local monotonic time of the last observed change.
  private(set) var observedTime: Duration = .zero

  init(
    lock: LeaseLock, config: LeaderElectionConfig, clock: LeaderElectionClock, logger: Logger,
    shared: LockedValue<LeaderElector.Shared>
  ) {
    self.lock = lock
    self.config = config
    self.clock = clock
    self.logger = logger
    self.shared = shared
  }

  /// client-go's `IsLeader()`: the observed holder is this identity.
  var observedSelf: Bool { observedRecord?.holderIdentity == config.holderIdentity }

  /// The observed record has not yet expired by the local clock.
  func isLeaseValid(at now: Duration) -> Bool {
    guard let observedRecord else { return false }
    return observedTime + .seconds(observedRecord.leaseDurationSeconds) > now
  }

  private func setObservedRecord(_ record: LeaderElectionRecord) {
    observedRecord = record
    observedTime = clock.uptime()
    shared.withLock { $0.observedHolder = record.holderIdentity }
  }

  /// One attempt to acquire or renew (client-go's `tryAcquireOrRenew`); true when the Lease is
  /// ours afterwards.
  func tryAcquireOrRenew() async -> Bool {
    let now = clock.now()
    let uptime = clock.uptime()
    var desired = LeaderElectionRecord(
      holderIdentity: config.holderIdentity, leaseDurationSeconds: config.leaseDurationSeconds, acquireTime: now,
      renewTime: now, leaseTransitions: 0)

    // 1. Fast path: renew with the cached object while our observed lease is valid.
    if observedSelf, isLeaseValid(at: uptime), let lease, let observedRecord {
      desired.acquireTime = observedRecord.acquireTime
      desired.leaseTransitions = observedRecord.leaseTransitions
      do {
        self.lease = try await lock.update(desired, on: lease)
        setObservedRecord(desired)
        return true
      } catch {
        if Task.isCancelled { return false }
        logger.debug("failed to update the lease optimistically; falling back to a read", metadata: Self.why(error))
      }
    }

    // 2. Read, or create when absent.
    let current: LeaderElectionRecord
    let read: JSONValue
    do {
      (read, current) = try await lock.get()
    } catch let error as KubernetesClientError where error.statusCode == 404 {
      do {
        lease = try await lock.create(desired)
        setObservedRecord(desired)
        return true
      } catch {
        log("could not create the lease", error)
        return false
      }
    } catch {
      log("could not read the lease", error)
      return false
    }
    lease = read

    // 3. Note when the record changed, by the local clock.
    let fingerprint = current.fingerprint
    if fingerprint != observedFingerprint {
      setObservedRecord(current)
      observedFingerprint = fingerprint
    }
    if !current.holderIdentity.isEmpty, isLeaseValid(at: uptime), !observedSelf {
      logger.debug(
        "the lease is held by another candidate and has not expired", metadata: ["holder": "\(current.holderIdentity)"])
      return false
    }

    // 4. Take over or renew.
    if observedSelf {
      desired.acquireTime = current.acquireTime
      desired.leaseTransitions = current.leaseTransitions
    } else {
      desired.leaseTransitions = current.leaseTransitions + 1
    }
    do {
      lease = try await lock.update(desired, on: read)
    } catch {
      log("could not update the lease", error)
      return false
    }
    setObservedRecord(desired)
    return true
  }

  /// One attempt to clear the holder (client-go's `tryRelease`); true when there is nothing (left)
  /// to release.
  func tryRelease() async -> Bool {
    guard observedSelf else { return true }
    let current: LeaderElectionRecord
    let read: JSONValue
    do {
      (read, current) = try await lock.get()
    } catch let error as KubernetesClientError where error.statusCode == 404 {
      return true
    } catch {
      log("could not read the lease to release it", error)
      return false
    }
    lease = read
    guard current.holderIdentity == config.holderIdentity else {
      setObservedRecord(current)
      return true
    }
    let now = clock.now()
    let released = LeaderElectionRecord(
      holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now,
      leaseTransitions: observedRecord?.leaseTransitions ?? current.leaseTransitions)
    do {
      lease = try await lock.update(released, on: read)
    } catch {
      log("could not release the lease", error)
      return false
    }
    setObservedRecord(released)
    logger.info("released the lease")
    return true
  }

  private func log(_ message: Logger.Message, _ error: any Error) {
    if Task.isCancelled || error is CancellationError { return }
    if let error = error as? KubernetesClientError, error.statusCode == 409 {
      logger.debug(message, metadata: Self.why(error))
    } else {
      logger.warning(message, metadata: Self.why(error))
    }
  }

  private static func why(_ error: any Error) -> Logger.Metadata {
    ["error": "\(error)"]
  }
}
