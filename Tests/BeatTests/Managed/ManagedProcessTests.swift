import AgentControl
import Foundation
import KSPMCore
import TestSupport
import Testing

/// The real binary under a control-protocol server that behaves like Elastic Agent (mutual TLS,
/// SNI, ALPN, token, expected states re-sent while units are unsettled, STOPPED units dropped).
@Suite struct ManagedProcessTests {
  /// A cluster with one Pod, a node folder, an Elasticsearch that wants the output unit's API key.
  struct World {
    let folder: URL
    let kubernetes: KubernetesAPIServer
    let elasticsearch: ElasticsearchBulkServer
    let control: AgentControlServer

    var deployment: [String] {
      [
        "kspmbeat.kube_config=\(folder.path)/kubeconfig", "kspmbeat.host_root=\(folder.path)/node",
        "kspmbeat.leader_election.identity=managed-1", "kspmbeat.leader_election.lease_duration=3s",
        "kspmbeat.leader_election.renew_deadline=1s", "kspmbeat.leader_election.retry_period=200ms",
      ]
    }

    func launch() throws -> ManagedBeat {
      try ManagedBeat(
        startUpInfo: control.startUpInfoBytes(), folder: folder, extra: deployment,
        environment: ["NODE_NAME": "managed-node", "PATH": "/usr/bin:/bin", "HOME": folder.path])
    }

    func findings(namespace: String) -> [JSONValue] {
      let index = "logs-cloud_security_posture.findings-\(namespace)"
      return elasticsearch.storedIDs(index: index).compactMap { elasticsearch.document(index: index, id: $0) }
    }
  }

  static func withWorld(_ body: (World) async throws -> Void) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let node = folder.appendingPathComponent("node/etc/kubernetes")
    try FileManager.default.createDirectory(at: node, withIntermediateDirectories: true)
    // A node without control-plane processes, but with a /proc to look in: collection is complete.
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("node/proc"), withIntermediateDirectories: true)
    try "kind: Config\n".write(to: node.appendingPathComponent("kubelet.conf"), atomically: true, encoding: .utf8)
    try await KubernetesAPIServer.withServer { kubernetes in
      _ = try kubernetes.seed([
        [
          "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "default"],
          "spec": ["containers": [["name": "c", "image": "nginx", "securityContext": ["privileged": true]]]],
        ]
      ])
      try kubernetes.writeKubeconfig(to: folder.appendingPathComponent("kubeconfig").path)
      try await ElasticsearchBulkServer.withServer(.init(credentials: [.apiKey(id: "fleet-id", key: "s3cr3t-k3y")])) {
        elasticsearch in
        let control = try await AgentControlServer.start()
        do {
          try await body(World(folder: folder, kubernetes: kubernetes, elasticsearch: elasticsearch, control: control))
          await control.shutdown()
        } catch {
          await control.shutdown()
          throw error
        }
      }
    }
  }

  @Test(.timeLimit(.minutes(3)))
  func unitLifecycleUnderTheAgent() async throws {
    try await Self.withWorld { world in
      let control = world.control
      let output = ManagedUnits.output(host: world.elasticsearch.url, apiKey: "fleet-id:s3cr3t-k3y", idx: 1)
      control.setExpected(ManagedUnits.expected([output, ManagedUnits.input(idx: 1, namespace: "teama")]))
      let beat = try world.launch()
      let pid = beat.process.processIdentifier

      // The first checkin carries the token and version info; the input unit goes STARTING →
      // CONFIGURING → HEALTHY with its configuration index echoed; the output unit is HEALTHY.
      try await eventually { control.latest(ManagedUnits.inputID)?.state == .healthy }
      let first = try #require(control.checkins.first)
      #expect(first.message.token == control.token)
      #expect(first.message.hasVersionInfo)
      #expect(first.message.versionInfo.name == "beat-v2-client")
      let states = control.history(of: ManagedUnits.inputID).map(\.state)
      #expect(
        Array(states.prefix(3)) == [.starting, .configuring, .healthy],
        "\(control.history(of: ManagedUnits.inputID).map(\.message))\n\(beat.logText)")
      #expect(control.latest(ManagedUnits.inputID)?.configStateIdx == 1)
      #expect(control.latest(ManagedUnits.outputID, type: .output)?.state == .healthy)
      #expect(control.checkins.last?.message.featuresIdx == 1)
      #expect(control.checkins.last?.message.componentIdx == 1)

      // Findings reach Elasticsearch with the output unit's API key, in the unit's namespace, with
      // what the agent context gives.
      try await eventually { !world.findings(namespace: "teama").isEmpty }
      let documents = world.findings(namespace: "teama")
      #expect(!documents.isEmpty, "\(beat.logText)")
      #expect(world.elasticsearch.bulkRequests.allSatisfy { $0.principal == .apiKey(id: "fleet-id") })
      let document = try #require(documents.first)
      #expect(document[path: "agent", "id"] == "agent-7f3e")
      #expect(document[path: "elastic_agent", "id"] == "agent-7f3e")
      #expect(document[path: "elastic_agent", "version"] == "9.1.2")
      #expect(document[path: "elastic_agent", "snapshot"] == false)
      #expect(document[path: "cloud_security_posture", "package_policy", "id"] == "pp-0001")
      #expect(document[path: "cloud_security_posture", "package_policy", "revision"] == 3)
      #expect(document[path: "data_stream", "namespace"] == "teama")
      #expect(document[path: "event", "dataset"] == "cloud_security_posture.findings")

      // The monitoring endpoint the agent asked for answers on its socket.
      let stats = try await askEndpoint(socketURL("\(world.folder.path)/monitoring.sock", "/stats"))
      #expect(stats.status == 200)

      // A new configuration (another namespace) applies in the same process.
      control.updateExpected { $0.units = [output, ManagedUnits.input(idx: 2, namespace: "teamb")] }
      try await eventually {
        control.latest(ManagedUnits.inputID)?.configStateIdx == 2
          && control.latest(ManagedUnits.inputID)?.state == .healthy
      }
      #expect(control.latest(ManagedUnits.inputID)?.state == .healthy)
      try await eventually { !world.findings(namespace: "teamb").isEmpty }
      #expect(!world.findings(namespace: "teamb").isEmpty)
      #expect(beat.process.processIdentifier == pid && beat.process.isRunning)
      #expect(control.checkins.allSatisfy { $0.message.pid == 0 || $0.message.pid == UInt64(pid) })

      // An invalid configuration: FAILED with the reason, the process stays up and recovers.
      control.updateExpected {
        $0.units = [output, ManagedUnits.input(idx: 3, namespace: "teamb", stream: ["period": "soon"])]
      }
      try await eventually { control.latest(ManagedUnits.inputID)?.state == .failed }
      let failed = try #require(control.latest(ManagedUnits.inputID))
      #expect(failed.state == .failed)
      #expect(failed.configStateIdx == 3)
      #expect(failed.message.contains("period"), "\(failed.message)")
      #expect(beat.process.isRunning)
      #expect(beat.logText.contains("invalid configuration from the agent"), "\(beat.logText)")
      control.updateExpected { $0.units = [output, ManagedUnits.input(idx: 4, namespace: "teamb")] }
      try await eventually {
        control.latest(ManagedUnits.inputID)?.state == .healthy
          && control.latest(ManagedUnits.inputID)?.configStateIdx == 4
      }
      #expect(control.latest(ManagedUnits.inputID)?.state == .healthy)

      // Diagnostics answer with files, none of which shows the API key; unknown actions fail.
      var diagnostics = Proto_ActionRequest()
      diagnostics.id = "diag-1"
      diagnostics.type = .diagnostics
      diagnostics.level = .unit
      diagnostics.unitID = ManagedUnits.inputID
      diagnostics.unitType = .input
      let answer = try await control.perform(diagnostics, timeout: .seconds(20))
      #expect(answer.status == .success)
      #expect(
        Set(answer.diagnostic.map(\.filename)).isSuperset(of: [
          "kspmbeat-config.json", "kspmbeat-cycles.json", "kspmbeat-output.json",
        ]))
      for file in answer.diagnostic {
        let text = String(decoding: file.content, as: UTF8.self)
        #expect(!text.contains("s3cr3t-k3y"), "\(file.filename) shows the API key")
        #expect((try? JSONParser.parse(text)) != nil, "\(file.filename) is JSON")
      }
      let cycles = try JSONParser.parse(
        String(
          decoding: try #require(answer.diagnostic.first { $0.filename == "kspmbeat-cycles.json" }).content,
          as: UTF8.self))
      #expect((cycles.arrayValue?.count ?? 0) >= 1)
      var unknown = Proto_ActionRequest()
      unknown.id = "act-1"
      unknown.type = .custom
      unknown.name = "reboot_the_cluster"
      let refused = try await control.perform(unknown, timeout: .seconds(20))
      #expect(refused.status == .failed)
      #expect(String(decoding: refused.result, as: UTF8.self).contains("action undefined"))

      // Expected STOPPED: the unit stops and says so; the agent drops it; a unit that comes back
      // is a new unit and starts from STARTING.
      control.updateExpected { expected in
        expected.units = expected.units.map { unit in
          var unit = unit
          if unit.type == .input { unit.state = .stopped }
          return unit
        }
      }
      try await eventually { control.expected.units.count == 1 }
      #expect(control.history(of: ManagedUnits.inputID).contains { $0.state == .stopped })
      try await eventually { control.checkins.last.map { $0.message.units.count == 1 } ?? false }
      #expect(control.checkins.last?.message.units.map(\.id) == [ManagedUnits.outputID])
      let secondID = ManagedUnits.inputID + "-2"
      control.updateExpected { $0.units = [output, ManagedUnits.input(idx: 1, id: secondID, namespace: "teamc")] }
      try await eventually { control.latest(secondID)?.state == .healthy }
      #expect(control.history(of: secondID).first?.state == .starting)
      try await eventually { !world.findings(namespace: "teamc").isEmpty }
      #expect(!world.findings(namespace: "teamc").isEmpty)

      // SIGTERM: units STOPPING, exit 0 well within the agent's 25 s.
      let stopAsked = ContinuousClock.now
      let status = await beat.terminate()
      #expect(status == 0, "\(beat.logText)")
      #expect(ContinuousClock.now - stopAsked < .seconds(25))
      #expect(control.history(of: secondID).contains { $0.state == .stopping })
      // The engine released its Lease on the way out, so another node's kspmbeat leads at once.
      let lease = world.kubernetes.objects(of: .leases).first {
        $0[path: "metadata", "name"] == "kspmbeat-cluster-leader"
      }
      #expect(lease?[path: "spec", "holderIdentity"] == "")
      #expect(!beat.logText.contains("s3cr3t-k3y"))
    }
  }

  @Test(.timeLimit(.minutes(3)))
  func controlConnectionRecoversAfterTheAgentRestartsAndHeartbeatsComeWithin30Seconds() async throws {
    try await Self.withWorld { world in
      let control = world.control
      let output = ManagedUnits.output(host: world.elasticsearch.url, apiKey: "fleet-id:s3cr3t-k3y", idx: 1)
      control.setExpected(ManagedUnits.expected([output, ManagedUnits.input(idx: 1, stream: ["period": "2s"])]))
      let beat = try world.launch()
      try await eventually { control.latest(ManagedUnits.inputID)?.state == .healthy }
      #expect(control.latest(ManagedUnits.inputID)?.state == .healthy, "\(beat.logText)")

      // The agent goes away; collection goes on; it comes back on the same port and the process
      // checks in again with its version info.
      await control.stop()
      let shippedBefore = world.findings(namespace: "default").count
      try await eventually { world.findings(namespace: "default").count > shippedBefore }
      #expect(world.findings(namespace: "default").count > shippedBefore, "cycles go on without the agent")
      try await control.start()
      try await eventually { control.checkins.contains { $0.stream == 2 } }
      let reconnected = try #require(control.checkins.first { $0.stream == 2 })
      #expect(reconnected.message.hasVersionInfo)
      #expect(
        reconnected.message.units.contains { $0.id == ManagedUnits.inputID && $0.state == .healthy },
        "\(reconnected.message.units.map { "\($0.id) \($0.state) \($0.message)" })\n\(beat.logText)")

      // With nothing changing, the process still checks in at least every 30 s.
      let quietFrom = try #require(control.checkins.last).at
      try await eventually(timeout: .seconds(40)) { control.checkins.contains { $0.at - quietFrom >= .seconds(20) } }
      let stream2 = control.checkins.filter { $0.stream == 2 }
      #expect(stream2.count >= 2)
      for (earlier, later) in zip(stream2, stream2.dropFirst()) {
        #expect(later.at - earlier.at < .seconds(30))
      }
      #expect(control.checkins.contains { $0.at - quietFrom >= .seconds(20) }, "no heartbeat came")
      #expect(await beat.terminate() == 0)
    }
  }
}
