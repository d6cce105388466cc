import Beat
import Foundation
import KSPMCore
import Logging
import Testing

/// A new configuration restarts only the parts whose settings changed.
@Suite struct DaemonReconfigurationTests {
  struct Settings {
    var output: URL
    var namespace = "first"
    var period = "10m"
    var leaseName = "kspmbeat-test"
  }

  func config(_ settings: Settings, hostRoot: URL, folder: URL) throws -> KSPMBeatConfig {
    try KSPMBeatConfig.parse(
      text: """
        kspmbeat:
          period: \(settings.period)
          host_root: \(hostRoot.path)
          kube_config: \(folder.path)/none
          data_stream.namespace: \(settings.namespace)
          leader_election:
            {lease_name: \(settings.leaseName), identity: solo, retry_period: 50ms, renew_deadline: 500ms, lease_duration: 2s}
        output.file: {path: \(settings.output.path), filename: findings}
        """, overrides: [], environment: [:]
    ).config
  }

  /// Parsed ECS log lines with their `kspmbeat` metadata.
  func parsed(_ lines: LineSink) -> [JSONValue] { lines.all.compactMap { try? JSONParser.parse($0) } }

  func messages(_ lines: LineSink, _ message: String) -> [JSONValue] {
    parsed(lines).filter { $0["message"]?.stringValue == message }
  }

  func namespaces(in folder: URL) -> [String] {
    let text = (try? String(contentsOf: folder.appendingPathComponent("findings.ndjson"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap {
      (try? JSONParser.parse(String($0)))?[path: "data_stream", "namespace"]?.stringValue
    }
  }

  @Test(.timeLimit(.minutes(2)))
  func aNewConfigurationRestartsOnlyWhatChanged() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let first = folder.appendingPathComponent("first")
    let second = folder.appendingPathComponent("second")
    var settings = Settings(output: first)
    let source = ManualConfigSource()
    let (logger, lines) = jsonLogLines()
    try await withDaemon(try config(settings, hostRoot: hostRoot, folder: folder), logger: logger, source: source) {
      try await eventually { messages(lines, "cycle finished").count == 1 && !namespaces(in: first).isEmpty }
      let firstCycle = try #require(messages(lines, "cycle finished").first)
      let produced = Int(
        (firstCycle[path: "kspmbeat", "findings.passed"]?.intValue ?? 0)
          + (firstCycle[path: "kspmbeat", "findings.failed"]?.intValue ?? 0))
      try await eventually { namespaces(in: first).count == produced }

      // Only the output's folder changes: the output restarts, no cycle runs.
      settings.output = second
      source.updates.put(.valid(try config(settings, hostRoot: hostRoot, folder: folder)))
      try await eventually { messages(lines, "configuration reloaded").count == 1 }
      #expect(messages(lines, "configuration reloaded").last?[path: "kspmbeat", "restarted"] == "output")

      // The period changes: the schedule is re-timed, no cycle runs.
      settings.period = "20m"
      source.updates.put(.valid(try config(settings, hostRoot: hostRoot, folder: folder)))
      try await eventually { messages(lines, "configuration reloaded").count == 2 }
      #expect(messages(lines, "configuration reloaded").last?[path: "kspmbeat", "restarted"] == "schedule")

      // The Lease changes: only leader election restarts.
      settings.leaseName = "kspmbeat-other"
      source.updates.put(.valid(try config(settings, hostRoot: hostRoot, folder: folder)))
      try await eventually { messages(lines, "configuration reloaded").count == 3 }
      #expect(messages(lines, "configuration reloaded").last?[path: "kspmbeat", "restarted"] == "leader election")

      // A refused configuration changes nothing; the same configuration again is no reload at all.
      source.updates.put(.invalid("kspmbeat.yml: kspmbeat.period: must be greater than 0"))
      source.updates.put(.valid(try config(settings, hostRoot: hostRoot, folder: folder)))
      try await eventually {
        lines.all.contains { $0.contains("configuration not reloaded, keeping the previous one") }
      }
      try await Task.sleep(for: .milliseconds(500))
      #expect(messages(lines, "configuration reloaded").count == 3)
      #expect(messages(lines, "cycle finished").count == 1, "none of these changes may start a cycle")
      #expect(namespaces(in: second).isEmpty)

      // The data stream changes what the cycles write: the output and the cycles restart, and a
      // cycle runs at once into the new output.
      settings.namespace = "third"
      source.updates.put(.valid(try config(settings, hostRoot: hostRoot, folder: folder)))
      try await eventually { messages(lines, "cycle finished").count == 2 && namespaces(in: second).count == produced }
      #expect(messages(lines, "configuration reloaded").last?[path: "kspmbeat", "restarted"] == "output, cycles")
      #expect(messages(lines, "cycle finished").last?[path: "kspmbeat", "cycle.trigger"] == "reconfigured")
    }
    #expect(Set(namespaces(in: first)) == ["first"])
    #expect(Set(namespaces(in: second)) == ["third"])
    #expect(messages(lines, "stopped").count == 1)
  }
}
