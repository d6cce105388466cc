import Engine
import Foundation
import KSPMCore
import Output
import Synchronization
import Testing

/// Waits (polling) until `condition` holds or `timeout` passes; the tests then assert invariants
/// that hold however late the machine ran the tasks.
func eventually(timeout: Duration = .seconds(30), _ condition: @Sendable () -> Bool) async throws {
  let deadline = ContinuousClock.now + timeout
  while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

final class ResourceSink: Sendable {
  let resources = Mutex<[Resource]>([])
  func add(_ page: [Resource]) { resources.withLock { $0.append(contentsOf: page) } }
  var all: [Resource] { resources.withLock { $0 } }
}

final class LeaderFlag: Sendable {
  private let state: Mutex<Bool>
  init(_ value: Bool = true) { state = Mutex(value) }
  func set(_ value: Bool) { state.withLock { $0 = value } }
  var value: Bool { state.withLock { $0 } }
}

/// Pages of numbered pods, with a pause between pages.
struct SlowCollector: ResourceCollector {
  let name = "kube-api"
  let scope = CollectionScope.cluster
  let pages: Int
  var pause: Duration = .milliseconds(60)
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    for i in 0..<pages {
      try await Task.sleep(for: pause)
      let object: JSONValue = [
        "kind": "Pod", "metadata": ["name": .string("p\(i)"), "namespace": "default", "uid": .string("u\(i)")],
        "spec": ["containers": [["name": "c"]]],
      ]
      try await emit([.kubernetes(KubernetesObject(object: object))])
    }
  }
}

/// Every document written, in order; can be told to fail.
final class RecordingOutput: FindingOutput {
  private let state = Mutex<(documents: [FindingDocument], failure: String?, attempts: Int)>(([], nil, 0))

  func write(_ documents: [FindingDocument]) async throws {
    try state.withLock { s in
      s.attempts += 1
      if let failure = s.failure { throw OutputError(failure) }
      s.documents.append(contentsOf: documents)
    }
  }

  func close() async throws {}

  func fail(_ reason: String?) { state.withLock { $0.failure = reason } }
  var documents: [FindingDocument] { state.withLock { $0.documents } }
  var attempts: Int { state.withLock { $0.attempts } }
}

/// Collects the engine's events for assertions.
final class EventRecorder: Sendable {
  private let events = Mutex<[EngineEvent]>([])
  func add(_ event: EngineEvent) { events.withLock { $0.append(event) } }
  var all: [EngineEvent] { events.withLock { $0 } }

  var cycles: [CycleReport] {
    all.compactMap { if case .cycleFinished(let report) = $0 { return report } else { return nil } }
  }

  var healthChanges: [OutputHealth] {
    all.compactMap {
      if case .output(let status) = $0, status.occasion == .healthChange { return status.health }
      return nil
    }
  }

  /// Follows `bus` until it finishes or the task is cancelled.
  func follow(_ mailbox: Mailbox<EngineEvent>) async {
    for await event in mailbox { add(event) }
  }
}

func document(_ id: String) -> FindingDocument {
  FindingDocument(
    id: id, body: Array("{\"id\":\"\(id)\"}".utf8),
    summary: FindingSummary(
      rule: RuleMetadata(
        id: "r", name: "rule", ruleNumber: "1.1.1", section: "s", profileApplicability: "p",
        benchmark: BenchmarkInfo(id: "b", name: "B", version: "v1")),
      evaluation: .passed, resourceID: id, resourceName: id, resourceType: .file, resourceSubType: "file"))
}
