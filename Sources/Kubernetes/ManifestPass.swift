import KSPMCore

/// What one pass of the manifest collector remembers across files: kinds no rule reads, the
/// objects seen (to notice one defined twice), and inputs skipped, aggregated so a million empty
/// list items are one line.
final class ManifestPass {
  let collector: String
  let diagnostics: any ScanDiagnostics
  /// Objects of kinds no rule reads, per kind.
  var skippedKinds: [String: Int] = [:]
  /// The file each object (by API group, kind, namespace and name) was first defined in, and how
  /// many definitions of it were read.
  private var seen: [String: (file: String, count: Int)] = [:]
  /// Skipped inputs by file and reason: how many, and where the first was.
  private var skips: [String: (file: String, reason: String, count: Int, first: String)] = [:]
  private var skipOrder: [String] = []
  /// Objects and skipped inputs seen in the current file.
  private var fileInputs = 0

  init(collector: String, diagnostics: any ScanDiagnostics) {
    self.collector = collector
    self.diagnostics = diagnostics
  }

  /// Counts one skipped input (`location` names it: file, document, item).
  func skip(file: String, location: String, reason: String) {
    fileInputs += 1
    let key = file + "\u{0}" + reason
    if var entry = skips[key] {
      entry.count += 1
      skips[key] = entry
    } else {
      skips[key] = (file, reason, 1, location)
      skipOrder.append(key)
    }
  }

  /// `nil` for an object seen for the first time; else the file it was first defined in, and a
  /// raw id that keeps this definition's findings apart from every other's (the second is
  /// `#defined-again-in:FILE`, the third `#defined-again-3-in:FILE`, and so on).
  func duplicate(of object: KubernetesObject, in file: String, rawID: String) -> (first: String, rawID: String)? {
    let group = object.apiVersion.split(separator: "/").dropLast().first.map(String.init) ?? ""
    let key = "\(group)/\(object.kind)/\(object.namespace ?? "")/\(object.name)"
    guard var entry = seen[key] else {
      seen[key] = (file, 1)
      return nil
    }
    entry.count += 1
    seen[key] = entry
    let marker = entry.count == 2 ? "#defined-again-in:" : "#defined-again-\(entry.count)-in:"
    return (entry.file, rawID + marker + file)
  }

  /// A new file starts.
  func beginFile() { fileInputs = 0 }

  /// One object of the current file was read.
  func countObject() { fileInputs += 1 }

  /// Warns when the file that was read held nothing: empty, or only comments and separators.
  func finishFile(_ file: String) {
    if fileInputs == 0 {
      diagnostics.warning(collector: collector, subject: file, message: "empty manifest: no objects")
    }
  }

  /// Reports what was skipped: each input once, or one line for many of one kind.
  func finish() {
    for key in skipOrder {
      guard let entry = skips[key] else { continue }
      if entry.count == 1 {
        diagnostics.warning(collector: collector, subject: entry.first, message: entry.reason)
      } else {
        diagnostics.warning(
          collector: collector, subject: entry.file,
          message: "\(Self.grouped(entry.count)) list items skipped: \(entry.reason); first at \(entry.first)")
      }
    }
    skips = [:]
    skipOrder = []
  }

  /// `1000000` → `1,000,000`.
  static func grouped(_ count: Int) -> String {
    let digits = Array(String(count))
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return text
  }
}
