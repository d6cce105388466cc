import Beat
import Benchmarks
import Engine
import Foundation
import KSPMCore
import Report
import Testing

/// `scan --rules/--skip/--sections/--profile/--target` and the same `kspmbeat.*` settings, from the
/// built binary: only selected rules yield findings, the others are listed as filtered out.
@Suite struct ScanSelectionTests {
  static func documents(_ arguments: [String]) async throws -> [JSONValue] {
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "ndjson"] + arguments)
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    return try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
  }

  static func numbers(_ documents: [JSONValue]) -> Set<String> {
    Set(documents.compactMap { $0[path: "rule", "benchmark", "rule_number"]?.stringValue })
  }

  @Test func eachFlagKeepsOnlyItsRules() async throws {
    let all = Self.numbers(try await Self.documents([]))
    #expect(all.count == 92)
    #expect(
      Self.numbers(try await Self.documents(["--rules", "1.2.2,5.1.*"])) == ["1.2.2", "5.1.3", "5.1.5", "5.1.6"])
    let skipped = Self.numbers(try await Self.documents(["--skip", "5.*", "--skip", "1.1.1"]))
    #expect(skipped == all.filter { !$0.hasPrefix("5.") && $0 != "1.1.1" })
    let sections = Self.numbers(try await Self.documents(["--sections", "1.2,2"]))
    #expect(sections == all.filter { $0.hasPrefix("1.2.") || $0.hasPrefix("2.") })
    let worker = Self.numbers(try await Self.documents(["--target", "worker"]))
    #expect(worker == all.filter { $0.hasPrefix("4.") })
    let masterAndPolicies = Self.numbers(try await Self.documents(["--target", "master,policies"]))
    #expect(masterAndPolicies == all.filter { $0.hasPrefix("1.") || $0.hasPrefix("5.") })
    let level1 = try await Self.documents(["--profile", "level1"])
    #expect(!level1.isEmpty)
    #expect(level1.allSatisfy { $0[path: "rule", "profile_applicability"]?.stringValue?.contains("Level 1") == true })
    #expect(Self.numbers(level1) == all.subtracting(["1.3.6", "4.2.9", "5.2.7", "5.2.10"]))
  }

  @Test func theKeptDocumentsAreTheUnfilteredOnes() async throws {
    let volatile: Set<String> = [
      "@timestamp", "event.created", "event.sequence", "event.id", "agent.ephemeral_id", "process.start",
    ]
    func key(_ d: JSONValue) -> String {
      (d[path: "rule", "id"]?.stringValue ?? "") + " " + (d[path: "resource", "id"]?.stringValue ?? "")
    }
    func stable(_ d: JSONValue, _ prefix: String = "") -> JSONValue {
      guard case .object(let object) = d else { return d }
      var kept = JSONObject()
      for member in object.members where !volatile.contains(prefix + member.key) {
        kept.appendUnchecked(member.key, stable(member.value, prefix + member.key + "."))
      }
      return .object(kept)
    }
    let all = Dictionary(uniqueKeysWithValues: try await Self.documents([]).map { (key($0), stable($0)) })
    let some = try await Self.documents(["--rules", "1.2.*,4.2.*,5.2.*"])
    #expect(some.count > 30)
    for document in some { #expect(stable(document) == all[key(document)], "\(key(document))") }
  }

  @Test func theSettingsComeFromTheConfigurationToo() async throws {
    let numbers = Self.numbers(
      try await Self.documents(["-E", "kspmbeat.rules=[\"5.2.*\"]", "-E", "kspmbeat.skip=5.2.2,5.2.3"]))
    #expect(numbers == ["5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8", "5.2.9", "5.2.10"])
    // A flag replaces the same setting of the configuration.
    let flag = Self.numbers(try await Self.documents(["-E", "kspmbeat.rules=5.2.*", "--rules", "1.2.2"]))
    #expect(flag == ["1.2.2"])
  }

  @Test func aBadSettingInTheConfigurationNamesItsKey() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "-E", "kspmbeat.profile=level3"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("kspmbeat.profile"), "\(result.stderr)")
    let target = try await runKSPMBeat(["scan", "--demo", "-E", "kspmbeat.target=[gpu]"])
    #expect(target.status == 2)
    #expect(target.stderr.contains("kspmbeat.target"), "\(target.stderr)")
    #expect(target.stderr.contains("has no target \"gpu\""), "\(target.stderr)")
  }

  @Test func leftOutRulesAreListedWithWhy() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--sections", "5.2"])
    let summary = try JSONParser.parse(result.stdout)
    let rules = summary["rules"]?.arrayValue ?? []
    #expect(rules.count == 125)
    let byNumber = Dictionary(uniqueKeysWithValues: rules.map { ($0["number"]?.stringValue ?? "", $0) })
    #expect(byNumber["1.1.1"]?["status"] == "filtered_out")
    #expect(byNumber["1.1.1"]?["reason"] == "not in the selected sections (5.2)")
    #expect(byNumber["5.2.11"]?["status"] == "manual", "manual rules of the section stay listed")
    #expect(byNumber["5.2.2"]?["status"] == "failed")
    // Section 5.2 holds 9 checked and 4 manual rules; the 112 others are left out.
    #expect(summary[path: "totals", "rules", "filtered_out"] == 112)
  }

  @Test func runsPlanOnlyTheSelectedRulesAndRestartsCyclesWhenTheSelectionChanges() throws {
    let yaml = "kspmbeat.skip: [\"4.*\"]\nkspmbeat.profile: level1\noutput.console: {}\n"
    let config = try KSPMBeatConfig.parse(text: yaml).config
    let plan = EngineSettings.plan(config, environment: [:])
    #expect(
      plan.benchmark.rules.allSatisfy { !$0.ruleNumber.hasPrefix("4.") && !$0.profileApplicability.contains("Level 2") }
    )
    #expect(plan.benchmark.rules.count == 92 - 19 - 3)
    var changed = config
    changed.selection = RuleSelection()
    #expect(EngineSettings.restarted(from: config, to: changed, environment: [:]) == ["cycles"])
    #expect(EngineSettings.restarted(from: config, to: config, environment: [:]) == [])
  }
}
