/// Turns the YAML reader's message (`line 4, column 3: duplicate key 'api_key'`) into a config
/// error reason (`invalid YAML at line 4, column 3: duplicate key 'api_key'`). The reader never
/// quotes the text, which may hold secrets.
enum YAMLErrorText {
  static func reason(_ message: String) -> String {
    message.hasPrefix("line ") ? "invalid YAML at " + message : "invalid YAML: " + message
  }
}
