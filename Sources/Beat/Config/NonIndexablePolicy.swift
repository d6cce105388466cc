import KSPMCore
import Output

extension NonIndexablePolicy {
  static func read(_ section: ConfigSection?) throws(ConfigError) -> NonIndexablePolicy {
    guard let section else { return .drop }
    section.warnUnknown(["drop", "dead_letter_index"])
    let chosen = ["drop", "dead_letter_index"].filter(section.contains)
    if chosen.count > 1 {
      throw section.context.error(section.path, "choose one of drop and dead_letter_index, not both")
    }
    guard let dead = try section.section("dead_letter_index") else { return .drop }
    dead.warnUnknown(["index"])
    guard let index = try dead.nonEmptyString("index") else { throw dead.error("index", "is required") }
    if let problem = indexNameProblem(index) { throw dead.error("index", "\(ConfigSection.quote(index)) \(problem)") }
    return .deadLetterIndex(index)
  }

  /// Elasticsearch index-name rules.
  static func indexNameProblem(_ name: String) -> String? {
    if name.utf8.count > 255 { return "is longer than 255 bytes" }
    if name != name.lowercased() { return "must be lowercase" }
    if name == "." || name == ".." || name.hasPrefix("-") || name.hasPrefix("_") || name.hasPrefix("+") {
      return "is not a valid index name"
    }
    if name.contains(where: { "\\/*?\"<>| ,#:".contains($0) }) {
      return "must not contain any of \\ / * ? \" < > | , # : or a space"
    }
    return nil
  }
}
