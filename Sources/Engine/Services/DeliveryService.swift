import KSPMCore
import Logging
import Output
import ServiceLifecycle

/// What the delivery service needs: the output, the queue and the data stream.
public struct OutputSettings: Sendable, Equatable {
  public var output: OutputConfig
  public var queue: MemoryQueueConfig
  /// The findings data stream (`logs-cloud_security_posture.findings-<namespace>`).
  public var index: String

  public init(output: OutputConfig, queue: MemoryQueueConfig, index: String) {
    self.output = output
    self.queue = queue
    self.index = index
  }
}

/// Drains the delivery's queue into the configured output, for the life of the process.
///
/// - An output that cannot take findings (a folder that is not writable, a full disk, an
///   unreachable cluster) is retried with backoff while findings wait in the queue and producers
///   wait for room; its health turns degraded with the reason, and delivery resumes by itself.
///   An output that cannot even be set up is set up again after a backoff.
/// - New output settings replace the output: the batch in hand goes back to the queue, the old
///   output is closed, the new one takes over the same queue. Nothing queued is lost.
/// - On shutdown the queue is flushed within `flushDeadline`; what is left is reported.
public struct DeliveryService: Service, CustomStringConvertible {
  /// Builds an output: the settings, whether the process is starting (a file output rotates on
  /// startup only then), and where the output reports its own health.
  public typealias OutputMaker =
    @Sendable (OutputSettings, Bool, @escaping @Sendable (OutputHealth) -> Void) throws -> any FindingOutput

  public let delivery: Delivery
  public let settings: Mailbox<OutputSettings>
  public let makeOutput: OutputMaker
  public let flushDeadline: Duration
  public let failurePolicy: PublisherFailurePolicy

  public init(
    delivery: Delivery, settings: Mailbox<OutputSettings>, makeOutput: @escaping OutputMaker,
    flushDeadline: Duration = .seconds(10), failurePolicy: PublisherFailurePolicy = .standardRetry
  ) {
    self.delivery = delivery
    self.settings = settings
    self.makeOutput = makeOutput
    self.flushDeadline = flushDeadline
    self.failurePolicy = failurePolicy
  }

  public var description: String { "DeliveryService" }

  enum Step: Sendable {
    case settings(OutputSettings)
    case shutdown
    case publisherEnded
    case retrySetup
  }

  public func run() async throws {
    let shutdown = Mailbox<Bool>(policy: .latest)
    await withGracefulShutdownHandler {
      await deliver(until: shutdown)
    } onGracefulShutdown: {
      shutdown.put(true)
    }
  }

  /// The output's life: set up, drain, replace on new settings, flush on shutdown.
  func deliver(until shutdown: Mailbox<Bool>) async {
    guard var current = await settings.next() else { return }
    var processStart = true
    var output: (any FindingOutput)?
    var setupDelay: Duration?
    while true {
      delivery.queue.resize(to: current.queue.events)
      if output == nil {
        output = setUp(current, processStart: processStart)
        processStart = false
      }
      let retryAfter = setupDelay.map { min($0 * 2, .seconds(60)) } ?? .seconds(1)
      let step = await nextStep(output: output, settings: current, retryAfter: retryAfter, shutdown: shutdown)
      switch step {
      case .settings(let next):
        if next.output != current.output || next.index != current.index {
          try? await output?.close()
          output = nil
        }
        current = next
      case .retrySetup: setupDelay = retryAfter
      case .shutdown, .publisherEnded, nil:
        await flush(output, settings: current)
        return
      }
    }
  }

  /// The output for `settings`, or `nil` (health degraded with the reason) when it cannot be set up.
  func setUp(_ settings: OutputSettings, processStart: Bool) -> (any FindingOutput)? {
    do {
      let output = try makeOutput(settings, processStart) { [delivery] in delivery.healthChanged($0) }
      delivery.attach(output, name: settings.output.name)
      return output
    } catch {
      delivery.attach(nil, name: settings.output.name)
      delivery.healthChanged(.degraded("the output cannot be set up: \(error)"))
      return nil
    }
  }

  /// Drains into `output` (or waits to set it up again) until new settings or shutdown.
  func nextStep(
    output: (any FindingOutput)?, settings current: OutputSettings, retryAfter: Duration, shutdown: Mailbox<Bool>
  ) async -> Step? {
    let settings = self.settings
    var operations: [@Sendable () async -> Step?] = [
      {
        if let next = await settings.next() { return .settings(next) }
        await waitForCancellation()
        return nil
      },
      { await shutdown.next() == nil ? nil : .shutdown },
    ]
    if let output {
      let publisher = publisher(for: output, settings: current)
      operations.append {
        _ = try? await publisher.run()
        return Task.isCancelled ? nil : .publisherEnded
      }
    } else {
      operations.append {
        do { try await Task.sleep(for: retryAfter) } catch { return nil }
        return .retrySetup
      }
    }
    return await firstResult(of: operations)
  }

  func publisher(for output: any FindingOutput, settings: OutputSettings) -> Publisher {
    Publisher(
      queue: delivery.queue, output: output,
      batching: OutputFactory.batching(for: settings.output, queue: settings.queue), failurePolicy: failurePolicy,
      onHealthChange: { delivery.healthChanged($0) })
  }

  /// Writes what is queued within the flush deadline, reports what is left, closes the output.
  func flush(_ output: (any FindingOutput)?, settings: OutputSettings) async {
    delivery.queue.finish()
    var flushed = false
    if let output {
      let publisher = publisher(for: output, settings: settings)
      flushed = await withDeadline(flushDeadline) { _ = try? await publisher.run() } != nil
    }
    delivery.reportCycle()
    delivery.events.publish(.stopped(EngineStop(undelivered: delivery.undelivered, flushed: flushed)))
    try? await output?.close()
  }
}
