import Foundation

/// The committed rule templates (`package/kibana/csp_rule_template/`) against what the registry
/// generates: written by `kspmbeat export rule-templates`, checked by the package build and a test.
public enum RuleTemplateFolder {
  /// Writes every template into `folder` (created when missing) and removes the `.json` files
  /// of rules the registry no longer has. Returns how many templates were written.
  @discardableResult
  public static func write(to folder: URL) throws -> Int {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let files = RuleTemplates.files()
    let names = Set(files.map(\.name))
    for existing in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where existing.hasSuffix(".json") && !names.contains(existing) {
      try FileManager.default.removeItem(at: folder.appendingPathComponent(existing))
    }
    for file in files {
      // Not `.atomic`: that syncs each of the 123 files to disk, and these are regenerated files
      // under version control, where a half-written one shows in `git diff`.
      try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name))
    }
    return files.count
  }

  /// How `folder` differs from the generated templates: `missing`, `outdated` or `not a rule`
  /// per file name; empty when it is in sync.
  public static func differences(in folder: URL) throws -> [String] {
    let existing = Set(
      (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".json") } ?? [])
    var problems: [String] = []
    let files = RuleTemplates.files()
    for file in files {
      guard existing.contains(file.name) else {
        problems.append("\(file.name): missing")
        continue
      }
      let text = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
      if text != file.text { problems.append("\(file.name): outdated") }
    }
    let names = Set(files.map(\.name))
    problems += existing.subtracting(names).sorted().map { "\($0): not a rule of the registry" }
    return problems
  }
}
