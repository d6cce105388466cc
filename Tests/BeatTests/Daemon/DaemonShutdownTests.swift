import Foundation
import KSPMCore
import Logging
import Output
import Synchronization
import Testing

@testable import Beat

/// An output that never finishes writing.
final class StuckOutput: FindingOutput {
  let calls = Mutex<Int>(0)
  var writes: Int { calls.withLock { $0 } }
  func write(_ documents: [FindingDocument]) async throws {
    calls.withLock { $0 += 1 }
    try await Task.sleep(for: .seconds(3600))
  }
  func close() async throws {}
}

/// A fake node root under `folder` with the four control-plane manifests (as files only).
func writeControlPlaneManifests(in folder: URL) throws -> URL {
  let hostRoot = folder.appendingPathComponent("node")
  try FileManager.default.createDirectory(
    at: hostRoot.appendingPathComponent("etc/kubernetes/manifests"), withIntermediateDirectories: true)
  for name in ["kube-apiserver.yaml", "etcd.yaml", "kube-scheduler.yaml", "kube-controller-manager.yaml"] {
    try "kind: Pod\n".write(
      to: hostRoot.appendingPathComponent("etc/kubernetes/manifests/\(name)"), atomically: true, encoding: .utf8)
  }
  return hostRoot
}

/// A logger writing ECS JSON lines into a sink the test reads.
func jsonLogLines() -> (Logger, LineSink) {
  let lines = LineSink()
  return (Logger(label: "test") { ECSLogHandler(label: $0, style: .json, sink: { lines.add($0) }) }, lines)
}

@Suite struct DaemonShutdownTests {
  @Test(.timeLimit(.minutes(1)))
  func shutdownGivesUpOnAStuckOutputAtTheDeadlineAndSaysHowMuchWasLost() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let (config, _) = try KSPMBeatConfig.parse(
      text: """
        kspmbeat:
          period: 10m
          host_root: \(hostRoot.path)
          kube_config: \(folder.path)/none
          queue.mem.events: 2
          leader_election: {identity: solo, retry_period: 50ms, renew_deadline: 500ms, lease_duration: 2s}
        output.console: {}
        """, overrides: [], environment: [:])
    let (logger, lines) = jsonLogLines()
    var options = DaemonOptions()
    options.flushDeadline = .milliseconds(300)
    let output = StuckOutput()
    options.outputOverride = { output }
    let started = ContinuousClock.now
    try await withDaemon(config, logger: logger, options: options) {
      // Stop while the output is stuck and the queue is full.
      try? await eventually(timeout: .seconds(20)) { output.writes >= 1 }
      try? await Task.sleep(for: .milliseconds(200))
    }
    #expect(ContinuousClock.now - started < .seconds(20))
    let lost = lines.all.first { $0.contains("shutdown deadline passed") }
    #expect(lost != nil, "\(lines.all)")
    #expect(lines.all.last?.contains("\"message\":\"stopped\"") == true)
    // The write in progress is cancelled at shutdown (its batch goes back to the queue), and the
    // flush tries once more until the deadline.
    #expect(output.writes == 2)
  }
}
