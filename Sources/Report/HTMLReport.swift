import Engine
import Foundation
import KSPMCore

/// `scan --format html`: one self-contained page (inline CSS and script, a Content-Security-Policy
/// that forbids loading anything, no link out): the overall score and the counts, the score per
/// CIS section, every failed rule with its failing resources (what was found and expected) and
/// its remediation, excepted findings with their exceptions, the comparison with a baseline, and
/// the other rules by status. A filter box narrows the failed rules as you type.
public struct HTMLReport: Sendable {
  /// Failing resources listed per rule; the rest are counted.
  public static let resourcesPerRule = 200

  public var results: ScanResults

  public init(_ results: ScanResults) { self.results = results }

  func e(_ text: String) -> String { XMLText.escape(text) }

  public func render() -> String {
    let title = "kspmbeat: \(results.benchmark.name)" + (results.clusterLabel.map { " on \($0)" } ?? "")
    var body: [String] = []
    body.append(header())
    body.append(sections())
    body.append(failedRules())
    body.append(excepted())
    body.append(baseline())
    body.append(otherRules())
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(e(title))</title>
      <style>\(Self.style)</style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      <script>\(Self.script)</script>
      </body>
      </html>

      """
  }

  func scoreText(_ score: Double?) -> String { score.map { String(format: "%.1f%%", $0) } ?? "-" }

  func scoreClass(_ score: Double?) -> String {
    guard let score else { return "none" }
    return score >= 80 ? "good" : score >= 50 ? "fair" : "poor"
  }

  func header() -> String {
    var context: [String] = []
    if let cluster = results.clusterLabel { context.append("cluster <b>\(e(cluster))</b>") }
    if let node = results.nodeLabel { context.append("node <b>\(e(node))</b>") }
    context.append("scanned \(e(Timestamp.format(results.date, fractionDigits: 0))) by kspmbeat \(e(results.version))")
    let counts = RuleStatus.allCases.compactMap { status -> String? in
      let n = results.coverage.count(status)
      return n == 0 ? nil : "<li class=\"\(status.rawValue)\"><b>\(n)</b> \(e(status.title))</li>"
    }
    var gate = ""
    if !results.gateFailures.isEmpty {
      gate =
        "<ul class=\"gate\">"
        + results.gateFailures.map { "<li>failing: \(e($0))</li>" }.joined() + "</ul>"
    }
    let summary = results.summary
    return """
      <header>
      <h1>\(e(results.benchmark.name)) <small>(\(e(results.benchmark.id)) \(e(results.benchmark.version)))</small></h1>
      <p>\(context.joined(separator: " · "))</p>
      <div class="overall">
      <div id="score" class="score \(scoreClass(results.score))" data-score="\(results.score.map { String($0) } ?? "")">\(scoreText(results.score))</div>
      <div><p>\(summary.passed) findings passed, \(summary.failed) failed\(summary.excepted > 0 ? ", \(summary.excepted) excepted (not scored)" : "")</p>
      <ul class="counts">\(counts.joined())</ul></div>
      </div>
      \(gate)
      </header>
      """
  }

  func sections() -> String {
    let rows = results.coverage.sections.map { section in
      let score = section.score
      let width = score.map { String(format: "%.0f", $0) } ?? "0"
      return """
        <tr><td>\(e(section.number))</td><td>\(e(section.name))</td><td class="n">\(section.passed)</td>\
        <td class="n">\(section.failed)</td><td class="n">\(section.excepted)</td>\
        <td class="bar"><span class="\(scoreClass(score))" style="width:\(width)%"></span></td>\
        <td class="n">\(scoreText(score))</td><td class="note">\(e(section.note ?? ""))</td></tr>
        """
    }
    return """
      <section id="sections"><h2>Score per section</h2>
      <table><thead><tr><th>Section</th><th></th><th>Passed</th><th>Failed</th><th>Excepted</th><th></th><th>Score</th><th></th></tr></thead>
      <tbody>\(rows.joined(separator: "\n"))</tbody></table></section>
      """
  }

  func failedRules() -> String {
    let failed = results.failuresByRule
    guard !failed.isEmpty else { return "<section id=\"failed\"><h2>Failed rules</h2><p>No failed rule.</p></section>" }
    let blocks = failed.map { rule, records in
      var rows: [String] = []
      if records.isEmpty {
        // Without per-finding records, the summary's examples.
        for example in rule.failingExamples {
          rows.append(row(example.subject, EvidenceText.line(example.evaluation)))
        }
      } else {
        for record in records.prefix(Self.resourcesPerRule) {
          rows.append(row(record.subject, record.evaluation.map { EvidenceText.line($0) } ?? ""))
        }
        if records.count > Self.resourcesPerRule {
          rows.append("<tr><td colspan=\"2\">… and \(records.count - Self.resourcesPerRule) more</td></tr>")
        }
      }
      return """
        <details class="rule" open data-rule="\(e(rule.number))"><summary><span class="num">\(e(rule.number))</span> \
        \(e(rule.title)) <span class="count">\(rule.failed) failed, \(rule.passed) passed</span></summary>
        <p class="meta">\(e(rule.sectionNumber)) \(e(rule.section)) · \(e(rule.profile))</p>
        <table class="resources"><thead><tr><th>Resource</th><th>Found and expected</th></tr></thead>
        <tbody>\(rows.joined(separator: "\n"))</tbody></table>
        <h4>Remediation</h4><pre>\(e(Self.withoutFences(rule.metadata?.remediation ?? "")))</pre></details>
        """
    }
    return """
      <section id="failed"><h2>Failed rules (\(failed.count))</h2>
      <input id="filter" type="search" placeholder="Filter failed rules (number, title, resource)" aria-label="Filter">
      <p id="shown"></p>
      \(blocks.joined(separator: "\n"))</section>
      """
  }

  /// Rule prose without its Markdown code fences.
  static func withoutFences(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }.joined(separator: "\n")
  }

  func row(_ subject: String, _ detail: String) -> String {
    "<tr><td>\(e(subject))</td><td>\(e(detail))</td></tr>"
  }

  func excepted() -> String {
    guard !results.exceptions.isEmpty else { return "" }
    let rows = results.exceptions.map { use in
      let exception = use.exception
      var state = "\(use.excepted) excepted"
      if use.expired {
        state = "expired (expires \(exception.expiry?.text ?? "")): \(use.lapsedText)"
      } else if use.excepted == 0 {
        state = "matched no failed finding"
      }
      return """
        <tr class="\(use.expired ? "expired" : "")"><td>\(e(exception.origin))</td>\
        <td>\(e(exception.rules.map(\.text).joined(separator: ", ")))</td><td>\(e(exception.resources.description))</td>\
        <td>\(e(exception.reason))</td><td>\(e(exception.owner))</td><td>\(e(exception.expiry?.text ?? "never"))</td>\
        <td>\(e(state))</td></tr>
        """
    }
    let records = results.findings.filter { $0.result == .failed && $0.exception != nil }
    let findings = records.prefix(Self.resourcesPerRule * 5).map { record in
      "<tr><td>\(e(record.rule.ruleNumber))</td><td>\(e(record.subject))</td><td>\(e(record.exception?.reason ?? ""))</td></tr>"
    }
    return """
      <section id="exceptions"><h2>Exceptions (\(results.summary.excepted) findings excepted, not scored)</h2>
      <table><thead><tr><th>Where</th><th>Rules</th><th>Resources</th><th>Reason</th><th>Owner</th><th>Expires</th><th>This scan</th></tr></thead>
      <tbody>\(rows.joined(separator: "\n"))</tbody></table>
      \(findings.isEmpty ? "" : "<table><thead><tr><th>Rule</th><th>Resource</th><th>Reason</th></tr></thead><tbody>\(findings.joined(separator: "\n"))</tbody></table>")
      </section>
      """
  }

  func baseline() -> String {
    guard let diff = results.diff else { return "" }
    func list(_ title: String, _ items: [BaselineDiff.Item], id: String) -> String {
      let rows = items.map { item in
        let detail = item.evaluation.map { EvidenceText.line($0) } ?? item.note ?? ""
        return "<tr><td>\(e(item.ruleNumber))</td><td>\(e(item.subject))</td><td>\(e(detail))</td></tr>"
      }
      return """
        <details id="\(id)"\(items.isEmpty || id == "unchanged" ? "" : " open")><summary>\(e(title)) (\(items.count))</summary>
        <table><tbody>\(rows.joined(separator: "\n"))</tbody></table></details>
        """
    }
    return """
      <section id="baseline"><h2>Compared with \(e(diff.baselinePath))</h2>
      \(list("New failures", diff.new, id: "new"))
      \(list("Fixed", diff.fixed, id: "fixed"))
      \(list("Unchanged failures", diff.unchanged, id: "unchanged"))
      \(diff.excepted.isEmpty ? "" : list("Excepted now", diff.excepted, id: "now-excepted"))
      \(diff.notCompared.isEmpty ? "" : list("Not compared", diff.notCompared, id: "not-compared"))
      </section>
      """
  }

  func otherRules() -> String {
    let statuses: [RuleStatus] = [.passed, .notApplicable, .manual, .notEvaluated, .filteredOut]
    let blocks = statuses.compactMap { status -> String? in
      let rules = results.coverage.rules(status)
      guard !rules.isEmpty else { return nil }
      let rows = rules.map { rule in
        let why = status == .manual ? (rule.audit ?? "") : (rule.reason ?? "")
        return "<tr><td>\(e(rule.number))</td><td>\(e(rule.title))</td><td>\(e(why))</td></tr>"
      }
      return """
        <details><summary>\(e(status.title.capitalized)) (\(rules.count))</summary>
        <table><tbody>\(rows.joined(separator: "\n"))</tbody></table></details>
        """
    }
    return "<section id=\"others\"><h2>Other rules</h2>\(blocks.joined(separator: "\n"))</section>"
  }

  static let style = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1d1d1f}
    h1 small{font-weight:normal;color:#666}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
    .overall{display:flex;gap:2em;align-items:center}.score{font-size:3em;font-weight:bold;padding:.2em .5em;border-radius:8px}
    .good{background:#d8f3dc;color:#1b5e20}.fair{background:#fff3cd;color:#7a5b00}.poor{background:#fde2e1;color:#a4161a}.none{background:#eee}
    .counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}.gate li{color:#a4161a;font-weight:bold}
    table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:anywhere}
    td.n{text-align:right}td.bar{width:20%}td.bar span{display:block;height:.8em;border-radius:3px}td.note{color:#666}
    td.bar span.good{background:#2e7d32}td.bar span.fair{background:#f9a825}td.bar span.poor{background:#c62828}
    details.rule{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:.6em 0}details.rule summary{font-weight:bold;cursor:pointer}
    .num{color:#a4161a}.count{font-weight:normal;color:#666}.meta{color:#666;margin:.2em 0}
    pre{white-space:pre-wrap;background:#f6f8fa;padding:.6em;border-radius:4px}tr.expired td{color:#a4161a}
    #filter{width:100%;padding:.4em;font-size:1em;margin:.5em 0}.hidden{display:none}
    """

  static let script = """
    (function () {
      var rules = Array.prototype.slice.call(document.querySelectorAll('details.rule'));
      var filter = document.getElementById('filter');
      var shown = document.getElementById('shown');
      function update() {
        var query = filter ? filter.value.trim().toLowerCase() : '';
        var count = 0;
        rules.forEach(function (rule) {
          var match = query === '' || rule.textContent.toLowerCase().indexOf(query) >= 0;
          rule.classList.toggle('hidden', !match);
          if (match) { count += 1; }
        });
        if (shown) { shown.textContent = count + ' of ' + rules.length + ' failed rules shown'; }
      }
      if (filter) { filter.addEventListener('input', update); }
      update();
      document.body.setAttribute('data-ready', String(rules.length));
    })();
    """
}
