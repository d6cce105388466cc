/// Where findings go: exactly one of `output.elasticsearch`, `output.file`, `output.console`.
///
/// An output section with `enabled: false` doesn't count, so `-E output.elasticsearch.enabled=false
/// -E output.console={}` switches a file's Elasticsearch output to the console.
public enum OutputConfig: Sendable, Equatable {
  case elasticsearch(ElasticsearchOutputConfig)
  case file(FileOutputConfig)
  case console(ConsoleOutputConfig)
  /// No output section under `management.enabled`: Elastic Agent's output unit supplies the output.
  case elasticAgent

  /// The section name (`elasticsearch`, `file`, `console`).
  public var name: String {
    switch self {
    case .elasticsearch: return "elasticsearch"
    case .file: return "file"
    case .console: return "console"
    case .elasticAgent: return "elastic-agent"
    }
  }

  /// The section names, in the order they are looked for.
  public static let names = ["elasticsearch", "file", "console"]
}
