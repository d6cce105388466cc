import AgentControl
import Foundation
import Synchronization
import TestSupport

/// Runs a control client against `info` while `body` runs, then cancels it.
func withClient<T: Sendable>(
  _ info: StartUpInfo, options: AgentControlOptions = fastOptions(),
  _ body: (AgentControlClient, Collected<ExpectedState>, Collected<AgentControlEvent>) async throws -> T
) async throws -> T {
  let client = AgentControlClient(startUpInfo: info, options: options)
  let expected = Collected(client.expected)
  let events = Collected(client.events)
  let running = Task { try await client.run() }
  do {
    let result = try await body(client, expected, events)
    running.cancel()
    _ = await running.result
    return result
  } catch {
    running.cancel()
    _ = await running.result
    throw error
  }
}

/// Runs `body` with a control server started for it, and shuts the server down afterwards.
func withControlServer<T: Sendable>(_ body: (AgentControlServer) async throws -> T) async throws -> T {
  let server = try await AgentControlServer.start()
  do {
    let result = try await body(server)
    await server.shutdown()
    return result
  } catch {
    await server.shutdown()
    throw error
  }
}

/// Short backoff so tests finish quickly; the checkin interval as given.
func fastOptions(checkinInterval: Duration = .seconds(25)) -> AgentControlOptions {
  AgentControlOptions(
    versionInfo: VersionInfo(meta: ["commit": "abc123"], buildHash: "abc123"), checkinInterval: checkinInterval,
    initialBackoff: .milliseconds(200), maxBackoff: .seconds(1))
}

/// Everything a stream yields, collected in the background.
final class Collected<Element: Sendable>: Sendable {
  private let items = Mutex<[Element]>([])

  init(_ stream: AsyncStream<Element>) {
    Task { [weak self] in
      for await item in stream { self?.items.withLock { $0.append(item) } }
    }
  }

  var all: [Element] { items.withLock { $0 } }

  /// Waits until `condition` holds for the items so far and returns them, or throws after `timeout`.
  @discardableResult
  func wait(timeout: Duration = .seconds(30), until condition: ([Element]) -> Bool) async throws -> [Element] {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let now = all
      if condition(now) { return now }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw WaitTimedOut()
  }
}

struct WaitTimedOut: Error {}

/// An expected state with one input unit (config as a Struct) and the output unit.
func sampleExpected(outputIdx: UInt64 = 1, inputState: Proto_State = .healthy) -> Proto_CheckinExpected {
  var expected = Proto_CheckinExpected()
  var output = Proto_UnitExpected()
  output.id = "cloudbeat/cis_k8s-default"
  output.type = .output
  output.state = .healthy
  output.configStateIdx = outputIdx
  output.logLevel = .info
  output.config.type = "elasticsearch"
  output.config.source = .init(fields: [
    "type": .init(stringValue: "elasticsearch"),
    "hosts": .init(listValue: .init(values: [.init(stringValue: "https://es:9200")])),
    "api_key": .init(stringValue: "id:key"),
    "bulk_max_size": .init(numberValue: 50),
  ])
  var input = Proto_UnitExpected()
  input.id = "cloudbeat/cis_k8s-default-unit"
  input.type = .input
  input.state = inputState
  input.configStateIdx = 1
  input.logLevel = .debug
  input.config.id = "cloudbeat/cis_k8s-kspm"
  input.config.type = "cloudbeat/cis_k8s"
  input.config.name = "kspm-1"
  input.config.revision = 2
  input.config.meta.package.name = "cloud_security_posture"
  input.config.meta.package.version = "1.9.0"
  input.config.dataStream.namespace = "default"
  var stream = Proto_Stream()
  stream.id = "cloudbeat/cis_k8s-cloud_security_posture.findings-1"
  stream.dataStream.dataset = "cloud_security_posture.findings"
  stream.dataStream.type = "logs"
  stream.source = .init(fields: ["period": .init(stringValue: "4h")])
  input.config.streams = [stream]
  input.config.source = .init(fields: [
    "id": .init(stringValue: "cloudbeat/cis_k8s-kspm"),
    "policy": .init(structValue: .init(fields: ["revision": .init(numberValue: 7)])),
  ])
  expected.units = [output, input]
  expected.featuresIdx = 3
  expected.componentIdx = 4
  expected.agentInfo.id = "agent-1"
  expected.agentInfo.version = "9.1.0"
  return expected
}
