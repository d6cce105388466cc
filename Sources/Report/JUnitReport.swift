import Engine
import Foundation
import KSPMCore

/// `scan --format junit`: JUnit XML for CI test reports. One `testsuite` per CIS section; one
/// `testcase` per rule and resource (`classname` `cis_k8s.1.2.18`, name `1.2.18 Pod shop/web`):
/// passed, a `failure` with what was found and expected (the evidence and the remediation in its
/// text), or `skipped` for an excepted finding (with the exception's reason) and a resource the
/// rule could not be evaluated for. A rule without findings is one `skipped` test case saying
/// why: manual (with its audit), not applicable, filtered out, not evaluated.
public struct JUnitReport: Sendable {
  public var results: ScanResults

  public init(_ results: ScanResults) { self.results = results }

  struct Case {
    var name: String
    var classname: String
    /// `nil` passed; else the element inside the test case.
    var body: String?
    var failed: Bool
    var skipped: Bool
  }

  public func render() -> String {
    let byRule = Dictionary(grouping: results.findings, by: \.rule.id)
    var suites: [String] = []
    var totals = (tests: 0, failures: 0, skipped: 0)
    for section in results.coverage.sections {
      var cases: [Case] = []
      for rule in section.rules {
        let records = rule.metadata.flatMap { byRule[$0.id] } ?? []
        cases += records.isEmpty ? [ruleCase(rule)] : records.map { resourceCase(rule, $0) }
      }
      let failures = cases.filter(\.failed).count
      let skipped = cases.filter(\.skipped).count
      totals.tests += cases.count
      totals.failures += failures
      totals.skipped += skipped
      var lines = [
        "  <testsuite name=\"\(XMLText.escape("\(section.number) \(section.name)"))\" tests=\"\(cases.count)\" "
          + "failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\" "
          + "timestamp=\"\(Timestamp.format(results.date, fractionDigits: 0))\">"
      ]
      for item in cases {
        let open =
          "    <testcase name=\"\(XMLText.escape(item.name))\" classname=\"\(XMLText.escape(item.classname))\" time=\"0\""
        if let body = item.body {
          lines.append(open + ">")
          lines.append("      " + body)
          lines.append("    </testcase>")
        } else {
          lines.append(open + "/>")
        }
      }
      lines.append("  </testsuite>")
      suites.append(lines.joined(separator: "\n"))
    }
    let name = "kspmbeat \(results.benchmark.name) (\(results.benchmark.id) \(results.benchmark.version))"
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="\(XMLText.escape(name))" tests="\(totals.tests)" failures="\(totals.failures)" \
      errors="0" skipped="\(totals.skipped)" time="0">
      \(suites.joined(separator: "\n"))
      </testsuites>

      """
  }

  func classname(_ rule: RuleCoverage) -> String { "\(results.benchmark.id).\(rule.number)" }

  /// A rule without findings: skipped, with why.
  func ruleCase(_ rule: RuleCoverage) -> Case {
    var message = rule.status.title
    if let reason = rule.reason { message += ": \(reason)" }
    if rule.status == .manual { message = "manual: kspmbeat does not check this rule; audit it by hand" }
    var body = "<skipped message=\"\(XMLText.escape(message))\""
    if let audit = rule.audit {
      body += ">\(XMLText.escape(audit))</skipped>"
    } else {
      body += "/>"
    }
    return Case(
      name: "\(rule.number) \(rule.title)", classname: classname(rule), body: body, failed: false, skipped: true)
  }

  /// One rule on one resource.
  func resourceCase(_ rule: RuleCoverage, _ record: FindingRecord) -> Case {
    let name = "\(rule.number) \(record.subject)"
    switch record.result {
    case .passed:
      return Case(name: name, classname: classname(rule), body: nil, failed: false, skipped: false)
    case .notEvaluated:
      let reason = record.evaluation?.notEvaluatedReason ?? "unknown"
      return Case(
        name: name, classname: classname(rule),
        body: "<skipped message=\"\(XMLText.escape("not evaluated: \(reason)"))\"/>", failed: false, skipped: true)
    case .failed:
      let evaluation = record.evaluation ?? Evaluation(.failed, evidence: .null)
      let line = EvidenceText.line(evaluation)
      if let exception = record.exception {
        var message = "excepted: \(exception.reason) (owner \(exception.owner)"
        message += exception.expires.map { ", expires \($0))" } ?? ")"
        message += "; \(line)"
        return Case(
          name: name, classname: classname(rule), body: "<skipped message=\"\(XMLText.escape(message))\"/>",
          failed: false, skipped: true)
      }
      var text = "\(rule.title)\n\(record.subject): \(line)\n\nevidence: \(JSONWriter.string(evaluation.evidence))"
      if let expected = evaluation.expected { text += "\nexpected: \(JSONWriter.string(expected))" }
      if let remediation = rule.metadata?.remediation, !remediation.isEmpty {
        text += "\n\nRemediation:\n\(remediation)"
      }
      return Case(
        name: name, classname: classname(rule),
        body: "<failure message=\"\(XMLText.escape(line))\" type=\"failed\">\(XMLText.escape(text))</failure>",
        failed: true, skipped: false)
    }
  }
}
