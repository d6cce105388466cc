import Foundation
import KSPMCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A daemon whose output cannot deliver never runs on delivering nothing: the output retries,
/// findings wait, its health shows the reason, and delivery resumes by itself.
@Suite struct OutputOutageTests {
  /// The file output's folder turns unwritable for several cycles, then writable again: every
  /// finished cycle's findings end up in the files, each once. The daemon runs as an unprivileged
  /// user (root ignores folder permissions), through `setpriv` when the tests run as root.
  @Test(.timeLimit(.minutes(3)))
  func aFolderThatTurnsUnwritableAndBackLosesNoCycle() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = try writeControlPlaneManifests(in: folder)
    let output = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let runAs: (uid: UInt32, gid: UInt32)? = getuid() == 0 ? (65534, 65534) : nil
    if let runAs {
      for path in [folder.path, output.path] {
        #expect(chown(path, runAs.uid, runAs.gid) == 0)
      }
    }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let arguments = [
      "run", "--log-format", "json",
      "-E", "kspmbeat.period=1s", "-E", "kspmbeat.host_root=\(hostRoot.path)",
      "-E", "kspmbeat.kube_config=\(folder.path)/none",
      "-E", "kspmbeat.leader_election.retry_period=50ms", "-E", "kspmbeat.leader_election.renew_deadline=500ms",
      "-E", "output.file.path=\(output.path)", "-E", "output.file.filename=findings",
      // Small files, so writing needs new files (and the folder) all the time; none is deleted.
      "-E", "output.file.rotate_every_kb=16", "-E", "output.file.number_of_files=1024",
      "-E", "queue.mem.events=64",
    ]
    let process = Process()
    if let runAs {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = ["--reuid=\(runAs.uid)", "--regid=\(runAs.gid)", "--clear-groups", binary] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    }
    process.environment = ["NODE_NAME": "solo", "PATH": "/usr/bin:/bin", "HOME": folder.path]
    let log = folder.appendingPathComponent("log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: log)
    process.standardError = try FileHandle(forWritingTo: log)
    let exit = ExitStatus()
    process.terminationHandler = { exit.set($0.terminationStatus) }
    try process.run()
    defer { if process.isRunning { process.terminate() } }

    @Sendable func logLines() -> [JSONValue] {
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }
    @Sendable func cycles() -> [JSONValue] { logLines().filter { $0["message"] == "cycle finished" } }

    try await eventually { cycles().count >= 2 }
    #expect(cycles().count >= 2, "\(logLines())")
    // Unwritable: the output fails, its health says why (once), cycles go on until the queue is full.
    #expect(chmod(output.path, 0o555) == 0)
    try await eventually { logLines().contains { ($0["message"]?.stringValue ?? "").hasPrefix("output degraded") } }
    let before = cycles().count
    try await Task.sleep(for: .seconds(4))
    let degraded = logLines().filter { ($0["message"]?.stringValue ?? "").hasPrefix("output degraded") }
    #expect(degraded.count == 1, "logged once per change: \(degraded)")
    #expect(degraded.first?["message"]?.stringValue?.contains("Permission denied") == true, "\(degraded)")
    #expect(process.isRunning)
    // Writable again: delivery resumes by itself and the cycles catch up.
    #expect(chmod(output.path, 0o755) == 0)
    try await eventually { logLines().contains { $0["message"] == "output healthy" } && cycles().count >= before + 3 }
    process.terminate()
    try await eventually { exit.value != nil }
    #expect(exit.value == 0)

    var written: [Int64: Int] = [:]
    var ids = Set<String>()
    var duplicates = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: output.path) where file.hasSuffix(".ndjson") {
      let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
      for line in text.split(separator: "\n") {
        let document = try JSONParser.parse(String(line))
        if !ids.insert(document[path: "event", "id"]?.stringValue ?? "").inserted { duplicates += 1 }
        written[document[path: "event", "sequence"]?.intValue ?? 0, default: 0] += 1
      }
    }
    #expect(duplicates == 0)
    let finished = cycles()
    #expect(finished.count >= before + 3)
    for cycle in finished {
      let sequence = cycle[path: "kspmbeat", "cycle.sequence"]?.intValue ?? -1
      let produced =
        (cycle[path: "kspmbeat", "findings.passed"]?.intValue ?? 0)
        + (cycle[path: "kspmbeat", "findings.failed"]?.intValue ?? 0)
      #expect(produced > 0)
      #expect(written[sequence] == Int(produced), "cycle \(sequence): \(written[sequence] ?? 0) of \(produced) written")
    }
  }
}
