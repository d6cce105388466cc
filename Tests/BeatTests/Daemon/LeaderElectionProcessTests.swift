import Foundation
import KSPMCore
import Synchronization
import TestSupport
import Testing

/// A `kspmbeat run` child process with its own node name, identity and output file.
final class RunningBeat: Sendable {
  let name: String
  let output: URL
  let process: Process
  let exit = ExitStatus()

  init(name: String, folder: URL, kubeconfig: String, hostRoot: URL, period: String) throws {
    self.name = name
    output = folder.appendingPathComponent("out-\(name)")
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat")
    let log = folder.appendingPathComponent("log-\(name)")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    let process = Process()
    process.executableURL = binary
    process.arguments = [
      "run", "--log-format", "json",
      "-E", "kspmbeat.period=\(period)", "-E", "kspmbeat.host_root=\(hostRoot.path)",
      "-E", "kspmbeat.kube_config=\(kubeconfig)", "-E", "kspmbeat.leader_election.identity=\(name)",
      "-E", "kspmbeat.leader_election.namespace=kube-system", "-E", "kspmbeat.leader_election.lease_duration=3s",
      "-E", "kspmbeat.leader_election.renew_deadline=1s", "-E", "kspmbeat.leader_election.retry_period=300ms",
      "-E", "output.file.path=\(output.path)", "-E", "output.file.filename=findings",
    ]
    process.environment = ["NODE_NAME": name, "PATH": "/usr/bin:/bin", "HOME": folder.path]
    process.standardOutput = handle
    process.standardError = handle
    self.process = process
    let exit = self.exit
    process.terminationHandler = { p in exit.set(p.terminationStatus) }
    try process.run()
  }

  /// The finding documents written so far.
  func documents() -> [JSONValue] {
    guard let text = try? String(contentsOf: output.appendingPathComponent("findings.ndjson"), encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
  }

  func clusterDocuments() -> [JSONValue] { documents().filter { $0[path: "resource", "type"] == "k8s_object" } }
  func nodeDocuments() -> [JSONValue] { documents().filter { $0[path: "resource", "type"] == "file" } }

  func stop() async -> Int32? {
    process.terminate()
    try? await eventually(timeout: .seconds(20)) { self.exit.value != nil }
    return exit.value
  }
}

@Suite(.serialized) struct LeaderElectionProcessTests {
  /// Three `kspmbeat run` processes against one API server: cluster findings come only from the
  /// leader, node findings from all; stopping the leader hands the Lease over at once and the new
  /// leader runs a cluster cycle right away instead of waiting for its next period.
  @Test(.timeLimit(.minutes(2)))
  func threeProcessesElectOneLeaderAndFailOverWithoutAGap() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed([
        [
          "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "default"],
          "spec": ["containers": [["name": "c", "image": "nginx"]]],
        ]
      ])
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let kubeconfig = folder.appendingPathComponent("kubeconfig").path
      try server.writeKubeconfig(to: kubeconfig)
      let hostRoot = folder.appendingPathComponent("node")
      try FileManager.default.createDirectory(
        at: hostRoot.appendingPathComponent("etc/kubernetes"), withIntermediateDirectories: true)
      try "root:x:0:0:root:/root:/bin/sh\n".write(
        to: hostRoot.appendingPathComponent("etc/passwd"), atomically: true, encoding: .utf8)
      try "root:x:0:\n".write(to: hostRoot.appendingPathComponent("etc/group"), atomically: true, encoding: .utf8)
      try "kind: Config\n".write(
        to: hostRoot.appendingPathComponent("etc/kubernetes/kubelet.conf"), atomically: true, encoding: .utf8)

      // A long period: any cluster findings after the failover come from the leadership cycle.
      let beats = try ["node-a", "node-b", "node-c"].map {
        try RunningBeat(name: $0, folder: folder, kubeconfig: kubeconfig, hostRoot: hostRoot, period: "10m")
      }
      defer { for beat in beats where beat.process.isRunning { beat.process.terminate() } }

      try await eventually { beats.allSatisfy { !$0.nodeDocuments().isEmpty } }
      try await eventually { beats.contains { !$0.clusterDocuments().isEmpty } }
      try await Task.sleep(for: .seconds(1))
      let holder = try #require(Self.holder(server))
      for beat in beats {
        #expect(!beat.nodeDocuments().isEmpty, "\(beat.name) ships its node findings")
        let cluster = beat.clusterDocuments()
        if beat.name == holder {
          #expect(!cluster.isEmpty, "the leader \(beat.name) ships cluster findings")
        } else {
          #expect(cluster.isEmpty, "\(beat.name) is not the leader but shipped cluster findings")
        }
      }

      // Stop the leader: it exits 0 and releases the Lease; another takes over and collects at once.
      let leader = try #require(beats.first { $0.name == holder })
      #expect(await leader.stop() == 0)
      try await eventually { (Self.holder(server) ?? "") != "" && Self.holder(server) != holder }
      let successorName = try #require(Self.holder(server))
      #expect(successorName != holder)
      let successor = try #require(beats.first { $0.name == successorName })
      try await eventually(timeout: .seconds(20)) { !successor.clusterDocuments().isEmpty }
      #expect(!successor.clusterDocuments().isEmpty, "the new leader collected the cluster without waiting 10 minutes")
      let transitions = Self.lease(server)?[path: "spec", "leaseTransitions"]?.intValue ?? 0
      #expect(transitions >= 1)
      for beat in beats where beat.name != holder && beat.name != successorName {
        #expect(beat.clusterDocuments().isEmpty)
      }
      for beat in beats where beat.process.isRunning { #expect(await beat.stop() == 0) }
    }
  }

  static func lease(_ server: KubernetesAPIServer) -> JSONValue? {
    server.objects(of: .leases).first { $0[path: "metadata", "name"] == "kspmbeat-cluster-leader" }
  }

  static func holder(_ server: KubernetesAPIServer) -> String? {
    lease(server)?[path: "spec", "holderIdentity"]?.stringValue
  }
}

final class ExitStatus: Sendable {
  private let state = Mutex<Int32?>(nil)
  func set(_ status: Int32) { state.withLock { $0 = status } }
  var value: Int32? { state.withLock { $0 } }
}

@Suite struct DaemonReloadTests {
  /// SIGHUP reloads the configuration (and a changed file does too); SIGTERM exits 0 after writing.
  @Test(.timeLimit(.minutes(2)))
  func reloadsOnSIGHUPAndOnAChangedFile() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostRoot = folder.appendingPathComponent("node")
    try FileManager.default.createDirectory(
      at: hostRoot.appendingPathComponent("etc/kubernetes"), withIntermediateDirectories: true)
    try "kind: Config\n".write(
      to: hostRoot.appendingPathComponent("etc/kubernetes/kubelet.conf"), atomically: true, encoding: .utf8)
    let output = folder.appendingPathComponent("out")
    let configFile = folder.appendingPathComponent("kspmbeat.yml")
    func writeConfig(namespace: String) throws {
      try """
      kspmbeat:
        period: 10m
        host_root: \(hostRoot.path)
        kube_config: \(folder.path)/no-such-kubeconfig
        data_stream.namespace: \(namespace)
        leader_election: {identity: solo, retry_period: 100ms, renew_deadline: 500ms, lease_duration: 2s}
      output.file: {path: \(output.path), filename: findings}
      """.write(to: configFile, atomically: true, encoding: .utf8)
    }
    try writeConfig(namespace: "first")
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["run", "-c", configFile.path, "--log-format", "json"]
    process.environment = ["NODE_NAME": "solo", "PATH": "/usr/bin:/bin", "HOME": folder.path]
    let log = folder.appendingPathComponent("log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: log)
    process.standardOutput = try FileHandle(forWritingTo: log)
    let exit = ExitStatus()
    process.terminationHandler = { exit.set($0.terminationStatus) }
    try process.run()
    defer { if process.isRunning { process.terminate() } }

    @Sendable func namespaces() -> Set<String> {
      let text = (try? String(contentsOf: output.appendingPathComponent("findings.ndjson"), encoding: .utf8)) ?? ""
      return Set(
        text.split(separator: "\n").compactMap {
          (try? JSONParser.parse(String($0)))?[path: "data_stream", "namespace"]?.stringValue
        })
    }
    try await eventually { namespaces() == ["first"] }
    #expect(namespaces() == ["first"])

    try writeConfig(namespace: "second")
    kill(process.processIdentifier, SIGHUP)
    try await eventually { namespaces().contains("second") }
    #expect(namespaces() == ["first", "second"])

    // No signal this time: the file watcher notices the change.
    try writeConfig(namespace: "third")
    try await eventually { namespaces().contains("third") }
    #expect(namespaces() == ["first", "second", "third"])

    process.terminate()
    try await eventually { exit.value != nil }
    #expect(exit.value == 0)
    let lines = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    // SIGHUP and the file watcher both see the first edit: it is applied once, as is the second.
    #expect(lines.components(separatedBy: "\"message\":\"configuration reloaded\"").count - 1 == 2, "\(lines)")
    #expect(lines.contains("\"message\":\"stopped\""))
  }
}

@Suite struct PartitionedLeaderProcessTests {
  /// A leader cut off from the API server stops acting as leader when its renew deadline passes,
  /// before another process can acquire the Lease (which needs a whole lease duration).
  @Test(.timeLimit(.minutes(2)))
  func aPartitionedLeaderStepsDownBeforeASuccessorAcquires() async throws {
    try await KubernetesAPIServer.withServer { server in
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let hostRoot = folder.appendingPathComponent("node")
      try FileManager.default.createDirectory(at: hostRoot, withIntermediateDirectories: true)
      let beats = try ["node-a", "node-b", "node-c"].map { name -> RunningBeat in
        server.addToken("token-\(name)", user: name)
        let kubeconfig = folder.appendingPathComponent("kubeconfig-\(name)").path
        try server.writeKubeconfig(to: kubeconfig, credentials: .token("token-\(name)"))
        return try RunningBeat(name: name, folder: folder, kubeconfig: kubeconfig, hostRoot: hostRoot, period: "10m")
      }
      defer { for beat in beats where beat.process.isRunning { beat.process.terminate() } }
      try await eventually { (LeaderElectionProcessTests.holder(server) ?? "") != "" }
      try await Task.sleep(for: .seconds(1))
      // On a loaded machine the first leader may have stepped down in that second (the Lease then
      // names nobody for a moment): wait until one of the three holds it again.
      try await eventually { beats.contains { $0.name == LeaderElectionProcessTests.holder(server) } }
      let holder = try #require(LeaderElectionProcessTests.holder(server))
      let leader = try #require(beats.first { $0.name == holder })

      server.partition(user: holder)
      try await eventually { (LeaderElectionProcessTests.holder(server) ?? holder) != holder }
      let lease = try #require(LeaderElectionProcessTests.lease(server))
      let successor = try #require(lease[path: "spec", "holderIdentity"]?.stringValue)
      #expect(successor != holder)
      let acquired = try #require(lease[path: "spec", "acquireTime"]?.stringValue)
      try await eventually { leader.logLines().contains { $0["message"] == "no longer the cluster leader" } }
      let steppedDown = try #require(
        leader.logLines().first { $0["message"] == "no longer the cluster leader" }?["@timestamp"]?.stringValue)
      // Both are RFC 3339 UTC with fixed-width fields: string order is time order.
      #expect(
        String(steppedDown.prefix(23)) < String(acquired.prefix(23)),
        "stepped down \(steppedDown), acquired \(acquired)")
      server.heal(user: holder)
      for beat in beats { #expect(await beat.stop() == 0) }
    }
  }
}

extension RunningBeat {
  /// The process's ECS log lines, parsed.
  func logLines() -> [JSONValue] {
    let log = output.deletingLastPathComponent().appendingPathComponent("log-\(name)")
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
  }
}
