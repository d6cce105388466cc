import Foundation
import KSPMCore
import Testing

/// `scan --format junit`, from the built binary, read back with python3's XML parser: well-formed,
/// one test suite per CIS section, a test case per rule and resource, failures with evidence,
/// skipped for manual, not applicable and excepted.
@Suite struct JUnitReportTests {
  static let reader = """
    import sys, json
    import xml.etree.ElementTree as ET
    root = ET.parse(sys.argv[1]).getroot()
    cases = []
    for suite in root.findall("testsuite"):
        for case in suite.findall("testcase"):
            failure = case.find("failure")
            skipped = case.find("skipped")
            cases.append({"suite": suite.get("name"), "name": case.get("name"), "classname": case.get("classname"),
                          "failure": None if failure is None else failure.get("message"),
                          "failure_text": None if failure is None else failure.text,
                          "skipped": None if skipped is None else skipped.get("message")})
        assert int(suite.get("tests")) == len(suite.findall("testcase")), suite.get("name")
        assert int(suite.get("failures")) == len([c for c in suite.findall("testcase") if c.find("failure") is not None])
    print(json.dumps({"root": root.tag, "tests": int(root.get("tests")), "failures": int(root.get("failures")),
                      "skipped": int(root.get("skipped")), "suites": len(root.findall("testsuite")), "cases": cases}))
    """

  @Test func theDemoIsWellFormedWithATestCasePerRuleAndResource() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await ScanExceptionsTests.demo(["--format", "junit"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
    let file = folder.appendingPathComponent("junit.xml")
    try result.stdout.write(to: file, atomically: true, encoding: .utf8)
    let read = try await runPython(Self.reader, [file.path])
    #expect(read.status == 0, "not well-formed or inconsistent: \(read.stderr)")
    let report = try JSONParser.parse(read.stdout)
    #expect(report["root"] == "testsuites")
    let cases = report["cases"]?.arrayValue ?? []
    #expect(report["tests"]?.intValue == Int64(cases.count))
    // 47 failures (48 failed findings, one excepted) and 102 passes, as the summary counts.
    #expect(report["failures"] == 47)
    #expect(cases.filter { $0["failure"] == .null && $0["skipped"] == .null }.count == 102)
    let scheduler = try #require(cases.first { $0["classname"] == "cis_k8s.1.1.5" })
    #expect(scheduler["skipped"]?.stringValue?.hasPrefix("excepted: the scheduler manifest") == true)
    let debugger = try #require(
      cases.first { $0["name"] == "5.2.2 Pod default/node-debugger" && $0["classname"] == "cis_k8s.5.2.2" })
    #expect(debugger["failure"]?.stringValue?.contains("privileged") == true)
    #expect(debugger["failure_text"]?.stringValue?.contains("Remediation:") == true)
    #expect(debugger["failure_text"]?.stringValue?.contains("evidence:") == true)
    let manual = try #require(cases.first { $0["classname"] == "cis_k8s.3.2.1" })
    #expect(manual["skipped"]?.stringValue?.hasPrefix("manual") == true)
    #expect(report["suites"]?.intValue ?? 0 >= 10, "one test suite per CIS section")
  }
}
