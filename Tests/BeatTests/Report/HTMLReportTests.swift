import Foundation
import KSPMCore
import TestSupport
import Testing

/// `scan --format html`, loaded in a real headless browser (Debian's `chromium`, which `.ci/run`
/// installs; the test fails without it): no console message at all (an error, an uncaught
/// exception, a blocked request would each log one), the page's script ran, and the score and
/// every failed rule are shown.
@Suite struct HTMLReportTests {
  static func chromium() -> String? {
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    return nil
  }

  @Test func theReportLoadsCleanlyAndShowsTheScoreAndEveryFailedRule() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await ScanExceptionsTests.demo(["--format", "html"])
    #expect(result.status == 0, "\(result.stderr)")
    let html = result.stdout
    let page = folder.appendingPathComponent("report.html")
    try html.write(to: page, atomically: true, encoding: .utf8)
    // Self-contained: nothing to fetch.
    for reference in ["src=", "href=", "url(", "@import"] {
      #expect(!html.contains(reference), "the page references something outside it: \(reference)")
    }
    let summary = try JSONParser.parse(try await ScanExceptionsTests.demo(["--format", "json"]).stdout)
    let failed = (summary["rules"]?.arrayValue ?? []).filter { $0["status"] == "failed" }
      .compactMap { $0["number"]?.stringValue }
    #expect(failed.count == 33)

    let browser = try #require(Self.chromium(), "chromium is not installed (.ci/run installs Debian's chromium)")
    let profile = folder.appendingPathComponent("profile")
    let loaded = try await ChildProcess.run(
      browser,
      arguments: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000",
        "--dump-dom", page.absoluteString,
      ], environment: ["HOME": folder.path, "PATH": "/usr/bin:/bin"], lowPriority: true)
    #expect(loaded.status == 0, "\(loaded.stderr)")
    let consoleLines = loaded.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") }
    #expect(consoleLines.isEmpty, "console messages: \(consoleLines)")
    let dom = loaded.stdout
    #expect(dom.contains("data-ready=\"\(failed.count)\""), "the page's script did not run to its end")
    #expect(dom.contains("\(failed.count) of \(failed.count) failed rules shown"))
    let score = String(format: "%.1f%%", summary["score"]?.doubleValue ?? -1)
    #expect(dom.contains(">\(score)</div>"), "the overall score \(score) is shown")
    for number in failed {
      #expect(dom.contains("data-rule=\"\(number)\""), "failed rule \(number) is shown")
    }
    #expect(dom.contains("Pod default/node-debugger"))
    #expect(dom.contains("chmod"), "remediation is shown")
    #expect(dom.contains("the scheduler manifest is managed by our installer"), "exceptions are shown")
  }
}
