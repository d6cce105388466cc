import Engine
import Foundation
import KSPMCore
import Logging
import Output
import ServiceLifecycle
import Synchronization
import Testing

/// Runs `services` in a service group (no signal handling), runs `body`, then shuts the group down
/// gracefully and waits for it.
func withServices(_ services: [any Service], _ body: () async throws -> Void) async throws {
  let group = ServiceGroup(
    configuration: ServiceGroupConfiguration(
      services: services.map { .init(service: $0) }, gracefulShutdownSignals: [],
      logger: Logger(label: "test-group")))
  try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    do {
      try await body()
    } catch {
      await group.triggerGracefulShutdown()
      throw error
    }
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
  }
}

/// Follows the event bus for a test.
struct RecorderService: Service {
  let mailbox: Mailbox<EngineEvent>
  let recorder: EventRecorder
  func run() async throws {
    await cancelWhenGracefulShutdown { await recorder.follow(mailbox) }
  }
}

func fileSettings(_ path: String, events: Int = 64) -> OutputSettings {
  OutputSettings(
    output: .file(FileOutputConfig(path: path)), queue: MemoryQueueConfig(events: events),
    index: "logs-cloud_security_posture.findings-default")
}

@Suite struct DeliveryServiceTests {
  @Test(.timeLimit(.minutes(1)))
  func anOutputThatFailsIsRetriedWhileFindingsWaitAndDeliveryResumesByItself() async throws {
    let events = EventBus()
    let recorder = EventRecorder()
    let recording = RecorderService(mailbox: events.subscribe(), recorder: recorder)
    let delivery = Delivery(capacity: 16, events: events)
    let output = RecordingOutput()
    output.fail("disk full")
    let service = DeliveryService(
      delivery: delivery, settings: SettingsFeed(fileSettings("a", events: 16)).updates { $0 },
      makeOutput: { _, _, _ in output }, failurePolicy: .retry(initial: .milliseconds(20), maximum: .milliseconds(80)))
    let produced = LockedCount()
    try await withServices([recording, service]) {
      // 100 findings into a queue of 16: the producer waits while the output fails.
      let producer = Task {
        for i in 0..<100 {
          guard await delivery.queue.send(document("doc-\(i)")) else { return }
          produced.increment()
        }
      }
      try await eventually { output.attempts >= 4 }
      #expect(produced.value <= 16 + 16)  // held back: a full queue, plus the batch in hand
      #expect(delivery.health == .degraded("disk full"))
      output.fail(nil)
      await producer.value
      try await eventually { output.documents.count == 100 }
    }
    #expect(output.documents.map(\.id) == (0..<100).map { "doc-\($0)" })
    #expect(recorder.healthChanges == [.degraded("disk full"), .healthy])
  }

  @Test(.timeLimit(.minutes(1)))
  func newOutputSettingsReplaceTheOutputAndNothingQueuedIsLostOrWrittenTwice() async throws {
    let events = EventBus()
    let delivery = Delivery(capacity: 32, events: events)
    let outputs = ["a": RecordingOutput(), "b": RecordingOutput()]
    let feed = SettingsFeed(fileSettings("a"))
    let service = DeliveryService(
      delivery: delivery, settings: feed.updates { $0 },
      makeOutput: { settings, _, _ in
        guard case .file(let file) = settings.output, let output = outputs[file.path] else { throw OutputError("no") }
        return output
      })
    try await withServices([service]) {
      for i in 0..<2000 {
        if i == 1000 { feed.publish(fileSettings("b")) }
        #expect(await delivery.queue.send(document("doc-\(i)")))
      }
      try await eventually { (outputs["a"]!.documents.count + outputs["b"]!.documents.count) == 2000 }
    }
    let a = outputs["a"]!.documents.map(\.id)
    let b = outputs["b"]!.documents.map(\.id)
    #expect(!a.isEmpty && !b.isEmpty)
    #expect(a.count + b.count == 2000)
    #expect(Set(a + b) == Set((0..<2000).map { "doc-\($0)" }))
  }

  @Test(.timeLimit(.minutes(1)))
  func shutdownFlushesTheQueueAndReportsWhatCouldNotBeDelivered() async throws {
    for working in [true, false] {
      let events = EventBus()
      let recorder = EventRecorder()
      let recording = RecorderService(mailbox: events.subscribe(), recorder: recorder)
      let delivery = Delivery(capacity: 64, events: events)
      let output = RecordingOutput()
      if !working { output.fail("unreachable") }
      let service = DeliveryService(
        delivery: delivery, settings: SettingsFeed(fileSettings("a")).updates { $0 }, makeOutput: { _, _, _ in output },
        flushDeadline: .milliseconds(300), failurePolicy: .retry(initial: .milliseconds(50), maximum: .milliseconds(50))
      )
      try await withServices([recording, service]) {
        for i in 0..<40 { await delivery.queue.send(document("doc-\(i)")) }
      }
      let stop = recorder.all.compactMap { event -> EngineStop? in
        if case .stopped(let stop) = event { return stop } else { return nil }
      }
      #expect(stop.count == 1)
      if working {
        #expect(output.documents.count == 40)
        #expect(stop.first?.undelivered == 0)
      } else {
        #expect(output.documents.isEmpty)
        #expect(stop.first?.undelivered == 40)
        #expect(stop.first?.flushed == false)
      }
    }
  }
}

final class LockedCount: Sendable {
  private let value_ = Mutex(0)
  func increment() { value_.withLock { $0 += 1 } }
  var value: Int { value_.withLock { $0 } }
}
