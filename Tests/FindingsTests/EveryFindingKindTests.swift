import Benchmarks
import Findings
import FleetPackage
import Foundation
import KSPMCore
import Testing

/// Every kind of finding the shipper can send (each benchmark, each resource type and sub-type,
/// passed and failed, standalone and managed) carries only fields the package declares, each
/// with a value its declared type takes.
@Suite struct EveryFindingKindTests {
  /// Documents of every resource of ``FindingKinds`` evaluated by `benchmark`'s rules, encoded
  /// for a standalone and for a managed shipper with a cloud account (whose failed findings are
  /// excepted, so `kspmbeat.exception.*` is checked too).
  /// ``documents(_:)`` of each benchmark, made once for all the tests below (it is CPU work that
  /// would otherwise hold a thread of the concurrency pool four times over).
  static let byBenchmark: [String: Result<[JSONValue], MakingFailed>] = Dictionary(
    uniqueKeysWithValues: BenchmarkRegistry.ids.compactMap { id in
      BenchmarkRegistry.named(id).map { benchmark in
        (id, Result { try documents(benchmark) }.mapError { MakingFailed(description: "\($0)") })
      }
    })

  struct MakingFailed: Error, CustomStringConvertible { var description: String }

  static func cachedDocuments(_ benchmark: TableBenchmark) throws -> [JSONValue] {
    try #require(byBenchmark[benchmark.info.id]).get()
  }

  static func documents(_ benchmark: TableBenchmark) throws -> [JSONValue] {
    var standalone = context
    standalone.benchmark = benchmark.info
    standalone.host = HostInfo(name: "node-1", architecture: "x86_64", osName: "Linux", osKernel: "6.1.0", id: "m-1")
    var managed = standalone
    managed.fleet = FleetContext(
      agentID: "agent-1", agentVersion: "8.11.4", snapshot: false, packagePolicyID: "pp-1", packagePolicyRevision: 3)
    managed.cloud = CloudContext(provider: "aws", accountID: "111122223333", accountName: "prod", region: "eu-west-1")
    var documents: [JSONValue] = []
    let mark = ExceptionMark(
      index: 0, reason: "accepted risk", owner: "platform-team", expires: "2027-01-31",
      end: Date(timeIntervalSince1970: 1_801_440_000))
    for (cycle, excepted) in [(standalone, false), (managed, true)] {
      let encoder = FindingEncoder(context: cycle, rules: benchmark.rules)
      for resource in FindingKinds.resources(for: benchmark) {
        var findings = benchmark.evaluate(resource)
        if excepted {
          // The managed documents also carry exceptions on their failed findings.
          for index in findings.indices where findings[index].evaluation.result == .failed {
            findings[index].exception = mark
          }
        }
        for document in encoder.encode(resource: resource, findings: findings, timestamp: Date()) {
          documents.append(try JSONParser.parse(document.body))
        }
      }
    }
    return documents
  }

  @Test(arguments: BenchmarkRegistry.ids)
  func everyFieldOfEveryFindingIsDeclaredWithAMatchingType(benchmark id: String) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    let catalog = try findingsFieldCatalog()
    let documents = try Self.cachedDocuments(benchmark)
    var problems = Set<String>()
    for document in documents { problems.formUnion(catalog.problems(in: document)) }
    #expect(problems.isEmpty, "\(id): \(problems.sorted())")
  }

  /// Across all documents, every indexed path holds one kind of value (never a boolean in one
  /// document and a string in another); only the free-form objects kept out of the index vary.
  @Test(arguments: BenchmarkRegistry.ids)
  func everyIndexedPathHoldsOneKindOfValue(benchmark id: String) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    let catalog = try findingsFieldCatalog()
    var kinds: [String: Set<String>] = [:]
    func walk(_ value: JSONValue, _ path: String) {
      if !path.isEmpty, catalog.declaration(covering: path)?.enabled == false { return }
      switch value {
      case .object(let object):
        for member in object.members { walk(member.value, path.isEmpty ? member.key : path + "." + member.key) }
      case .array(let items): for item in items { walk(item, path) }
      case .null: break
      case .string: kinds[path, default: []].insert("string")
      case .bool: kinds[path, default: []].insert("boolean")
      case .int, .double: kinds[path, default: []].insert("number")
      }
    }
    for document in try Self.cachedDocuments(benchmark) { walk(document, "") }
    let mixed = kinds.filter { $0.value.count > 1 }.map { "\($0.key): \($0.value.sorted())" }
    #expect(mixed.isEmpty, "\(id): \(mixed.sorted())")
  }

  /// The documents above really are every kind: each resource type and sub-type the benchmark
  /// reads appears passed and failed.
  @Test(arguments: BenchmarkRegistry.ids)
  func theDocumentsCoverEveryResourceKindPassedAndFailed(benchmark id: String) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    var seen: [String: Set<String>] = [:]
    for document in try Self.cachedDocuments(benchmark) {
      let kind = [document[path: "resource", "type"], document[path: "resource", "sub_type"]]
        .compactMap { $0?.stringValue }.joined(separator: "/")
      seen[kind, default: []].insert(document[path: "result", "evaluation"]?.stringValue ?? "?")
    }
    let expected = Self.expectedKinds(benchmark)
    #expect(
      Set(seen.keys).isSuperset(of: expected), "\(id): no findings for \(expected.subtracting(seen.keys).sorted())")
    let oneSided = seen.filter { $0.value != ["passed", "failed"] }.map { "\($0.key): \($0.value.sorted())" }
    #expect(oneSided.isEmpty, "\(id): \(oneSided.sorted())")
  }

  /// The excepted documents really are there: every failed managed finding carries the mark,
  /// and no passed one does.
  @Test(arguments: BenchmarkRegistry.ids)
  func theExceptedFindingsCarryTheirMark(benchmark id: String) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    var marked = 0
    for document in try Self.cachedDocuments(benchmark) where document[path: "elastic_agent", "id"] != nil {
      let reason = document[path: "kspmbeat", "exception", "reason"]?.stringValue
      switch document[path: "result", "evaluation"]?.stringValue {
      case "failed":
        #expect(reason == "accepted risk")
        #expect(document[path: "kspmbeat", "exception", "owner"]?.stringValue == "platform-team")
        #expect(document[path: "kspmbeat", "exception", "expires"]?.stringValue == "2027-02-01T00:00:00.000Z")
        marked += 1
      default: #expect(reason == nil)
      }
    }
    #expect(marked > 0)
  }

  /// `type/sub_type` of every kind of resource the benchmark's rules target.
  static func expectedKinds(_ benchmark: TableBenchmark) -> Set<String> {
    let plan = benchmark.collectionPlan
    var kinds = Set<String>()
    if benchmark.benchmarkRules.contains(where: { if case .file = $0.target { true } else { false } }) {
      kinds.insert("file/file")
    }
    if FindingKinds.judgesFolders(benchmark) { kinds.insert("file/directory") }
    if !plan.processes.isEmpty { kinds.insert("process/process") }
    for kind in plan.kubernetesKinds { kinds.insert("k8s_object/\(kind.kind)") }
    for kind in plan.cloudKinds { kinds.insert("\(kind.type.rawValue)/\(kind.subType)") }
    return kinds
  }
}
