import Engine

/// The table's comparison with `--baseline`: new failures and fixed ones in full, unchanged ones
/// (the first ``limit``; the JSON summary lists all), those now excepted and those not compared.
struct BaselineText {
  var style: TextStyle
  var limit = 20

  func render(_ diff: BaselineDiff?) -> [String] {
    guard let diff else { return [] }
    var lines = [
      "",
      style.bold(
        "Compared with \(diff.baselinePath) (\(diff.baselineFailed) failed, \(diff.baselinePassed) passed findings there): "
          + "\(diff.new.count) new, \(diff.fixed.count) fixed, \(diff.unchanged.count) unchanged"),
    ]
    func list(_ heading: String, _ mark: String, _ items: [BaselineDiff.Item], limit: Int? = nil) {
      guard !items.isEmpty else { return }
      lines.append("  \(heading) (\(items.count))")
      for item in items.prefix(limit ?? items.count) {
        let detail = item.evaluation.map { EvidenceText.line($0, limit: 160) } ?? item.note
        lines.append("    \(mark) \(item.ruleNumber)  \(item.subject)" + (detail.map { ": \($0)" } ?? ""))
      }
      if let limit, items.count > limit { lines.append("    … and \(items.count - limit) more") }
    }
    list("New failures", style.red("+"), diff.new)
    list("Fixed", "-", diff.fixed)
    list("Unchanged failures", "=", diff.unchanged, limit: limit)
    list("Failing before, excepted now", "~", diff.excepted)
    list("Not compared: their rule was not evaluated in this scan", "?", diff.notCompared, limit: limit)
    return lines
  }
}
