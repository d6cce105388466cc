import Output

extension ConsoleOutputConfig {
  static func read(_ section: ConfigSection) -> ConsoleOutputConfig {
    section.warnUnknown(["enabled", "queue"])
    return ConsoleOutputConfig()
  }
}
