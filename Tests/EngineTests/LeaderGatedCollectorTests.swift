import Engine
import Foundation
import KSPMCore
import Testing

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
