import Benchmarks
import KSPMCore
import Testing

@Suite struct RuleTableTests {
  @Test(arguments: BenchmarkRegistry.all.map(\.info.id))
  func everyRegisteredBenchmarkHasEveryTextForEveryRuleAndNoStrayText(id: String) throws {
    let benchmark = try #require(BenchmarkRegistry.named(id))
    #expect(benchmark.table.problems == [])
    for rule in benchmark.rules {
      for text in [
        rule.description, rule.rationale, rule.audit, rule.remediation, rule.impact, rule.defaultValue, rule.references,
      ] {
        #expect(!text.isEmpty, "\(id) \(rule.ruleNumber)")
      }
    }
  }

  static let text = RuleText(
    description: "d", rationale: "r", audit: "a", remediation: "m", impact: "i", defaultValue: "v", references: "x")

  static func definition(_ number: String) -> RuleDefinition {
    RuleDefinition(
      number, "Section", "Level 1 - Master Node", "Rule \(number)", file: .path("/etc/x"), .permissions(atMost: 0o644))
  }

  @Test func aMissingTextAnEmptyTextAStrayTextAndAReusedNumberAreEachReported() {
    var emptyImpact = Self.text
    emptyImpact.impact = "  "
    let table = RuleTable(
      info: BenchmarkInfo(id: "test", name: "Test", version: "v1"),
      definitions: [Self.definition("1.1"), Self.definition("1.2"), Self.definition("1.3"), Self.definition("1.3")],
      texts: ["1.1": Self.text, "1.2": emptyImpact, "1.3": Self.text, "9.9": Self.text])
    #expect(
      table.problems == [
        "test 1.2: impact is empty",
        "test 1.3: the rule number is used twice",
        "test 9.9: text for a rule that does not exist",
      ])
    let missing = RuleTable(
      info: BenchmarkInfo(id: "test", name: "Test", version: "v1"), definitions: [Self.definition("1.1")], texts: [:])
    #expect(missing.problems == ["test 1.1: no text"])
  }
}
