import Yams

/// Says what is wrong with a YAML text, and where, without ever quoting the text: a configuration
/// or a manifest may hold passwords and keys, and error messages end up in logs.
enum YAMLErrorDescription {
  /// `line 4, column 3: duplicate key 'api_key'`, `line 2, column 1: did not find expected ',' or ']'
  /// (while parsing a flow sequence started at line 1, column 4)`.
  static func describe(_ error: any Error) -> String {
    guard let yaml = error as? YamlError else { return "the YAML text could not be read" }
    switch yaml {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return at(mark) + problem + (context.map(describe) ?? "")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
      return at(context.mark) + (duplicates.count == 1 ? "duplicate key \(keys)" : "duplicate keys \(keys)")
    case .reader(let problem, let offset, _, _):
      return problem + (offset.map { " (at byte \($0))" } ?? "")
    case .dataCouldNotBeDecoded: return "the text is not valid UTF-8"
    case .writer(let problem), .emitter(let problem), .representer(let problem): return problem
    case .no, .memory: return "the YAML parser ran out of memory"
    @unknown default: return "the YAML text could not be read"
    }
  }

  static func at(_ mark: Mark) -> String { "line \(mark.line), column \(mark.column): " }

  /// libyaml's context is a phrase of its own (`while parsing a block mapping`) and a position.
  static func describe(_ context: YamlError.Context) -> String {
    " (\(context.text) started at line \(context.mark.line), column \(context.mark.column))"
  }
}
