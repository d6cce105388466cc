import Beat
import Foundation
import KSPMCore
import Synchronization
import Testing

final class CycleLog: Sendable {
  struct Entry: Sendable {
    var trigger: CycleScheduler.Trigger
    var start: ContinuousClock.Instant
  }
  let entries = Mutex<[Entry]>([])
  let running = Mutex<(now: Int, max: Int)>((0, 0))

  func begin(_ trigger: CycleScheduler.Trigger) {
    entries.withLock { $0.append(Entry(trigger: trigger, start: ContinuousClock.now)) }
    running.withLock {
      $0.now += 1
      $0.max = max($0.max, $0.now)
    }
  }
  func end() { running.withLock { $0.now -= 1 } }
  var all: [Entry] { entries.withLock { $0 } }
  var maxConcurrent: Int { running.withLock { $0.max } }
}

/// Waits (polling) until `condition` holds or `timeout` passes; the tests then assert invariants
/// that hold however late the machine ran the tasks.
func eventually(timeout: Duration = .seconds(30), _ condition: @Sendable () -> Bool) async throws {
  let deadline = ContinuousClock.now + timeout
  while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

@Suite struct CycleSchedulerTests {
  @Test func cyclesRunEveryPeriodFromTheStartOfThePreviousAndNeverOverlap() async throws {
    let log = CycleLog()
    let scheduler = CycleScheduler(period: .milliseconds(300), settleDelay: .milliseconds(100))
    let started = ContinuousClock.now
    let task = Task {
      await scheduler.run { trigger, _ in
        log.begin(trigger)
        try? await Task.sleep(for: .milliseconds(100))
        log.end()
      }
    }
    try await eventually { log.all.count >= 3 }
    task.cancel()
    await task.value
    let entries = log.all
    #expect(entries.count >= 3)
    #expect(entries.first?.trigger == .first)
    #expect(entries.first.map { $0.start - started >= .milliseconds(100) } == true)  // settle delay
    #expect(entries.dropFirst().allSatisfy { $0.trigger == .period })
    for (a, b) in zip(entries, entries.dropFirst()) {
      #expect(b.start - a.start >= .milliseconds(300))  // from start to start, never sooner
    }
    #expect(log.maxConcurrent == 1)
  }

  @Test func anOverrunningCycleIsReportedAndCyclesStillNeverOverlap() async throws {
    let log = CycleLog()
    let overruns = Mutex<Int>(0)
    let scheduler = CycleScheduler(period: .milliseconds(100), settleDelay: .zero)
    let task = Task {
      await scheduler.run(overrun: { _ in overruns.withLock { $0 += 1 } }) { trigger, _ in
        log.begin(trigger)
        try? await Task.sleep(for: .milliseconds(250))
        log.end()
      }
    }
    try await eventually { log.all.count >= 3 }
    task.cancel()
    await task.value
    let entries = log.all
    #expect(entries.count >= 3)
    #expect(overruns.withLock { $0 } >= 2)
    for (a, b) in zip(entries, entries.dropFirst()) {
      #expect(b.start - a.start >= .milliseconds(250))  // the next waits for the previous to end
    }
    #expect(log.maxConcurrent == 1)
  }

  @Test func becomingLeaderStartsACycleWithoutWaitingForThePeriod() async throws {
    let log = CycleLog()
    let (wakeups, continuation) = AsyncStream<CycleScheduler.Trigger>.makeStream()
    let scheduler = CycleScheduler(period: .seconds(3600), settleDelay: .zero)
    let task = Task {
      await scheduler.run(wakeups: wakeups) { trigger, _ in
        log.begin(trigger)
        log.end()
      }
    }
    try await eventually { log.all.count >= 1 }
    continuation.yield(.leadership)
    // With a one-hour period, a second cycle can only come from the wakeup.
    try await eventually { log.all.count >= 2 }
    task.cancel()
    await task.value
    #expect(log.all.map(\.trigger) == [.first, .leadership])
  }
}

/// Pages of numbered pods, with a pause between pages.
struct SlowCollector: ResourceCollector {
  let name = "kube-api"
  let scope = CollectionScope.cluster
  let pages: Int
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    for i in 0..<pages {
      try await Task.sleep(for: .milliseconds(60))
      let object: JSONValue = ["kind": "Pod", "metadata": ["name": .string("p\(i)"), "uid": .string("u\(i)")]]
      try await emit([.kubernetes(KubernetesObject(object: object))])
    }
  }
}

@Suite struct LeaderGatedCollectorTests {
  @Test func aFollowerCollectsNothingFromTheCluster() async throws {
    let sink = ResourceSink()
    try await LeaderGatedCollector(SlowCollector(pages: 3), isLeader: { false })
      .collect(diagnostics: SilentDiagnostics()) { sink.add($0) }
    #expect(sink.all.isEmpty)
  }

  @Test func theLeaderCollectsEverything() async throws {
    let sink = ResourceSink()
    try await LeaderGatedCollector(SlowCollector(pages: 4), isLeader: { true })
      .collect(diagnostics: SilentDiagnostics()) { sink.add($0) }
    #expect(sink.all.map(\.name) == ["p0", "p1", "p2", "p3"])
  }

  @Test func losingLeadershipMidCycleStopsTheClusterCollection() async throws {
    let leader = LeaderFlag()
    let sink = ResourceSink()
    let lose = Task {
      try await Task.sleep(for: .milliseconds(200))
      leader.set(false)
    }
    let collector = LeaderGatedCollector(SlowCollector(pages: 50), checkInterval: .milliseconds(20)) {
      leader.value
    }
    await #expect(throws: LeadershipLost.self) {
      try await collector.collect(diagnostics: SilentDiagnostics()) { sink.add($0) }
    }
    try await lose.value
    #expect(sink.all.count >= 1)
    #expect(sink.all.count < 50)
  }
}

final class LeaderFlag: Sendable {
  private let state = Mutex(true)
  func set(_ value: Bool) { state.withLock { $0 = value } }
  var value: Bool { state.withLock { $0 } }
}
