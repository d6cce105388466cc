/// The console output (`output.console: {}`): findings as NDJSON on standard output, one document
/// per line, for debugging and piping into other tools. It has no settings of its own.
public struct ConsoleOutputConfig: Sendable, Equatable {
  public init() {}
}
