/// Elasticsearch's rules for the namespace part of a data stream name
/// (`logs-cloud_security_posture.findings-<namespace>`).
public enum DataStreamNamespace {
  /// The default namespace.
  public static let defaultValue = "default"
  /// The most bytes a namespace may have.
  public static let maxBytes = 100
  /// Characters a namespace can't contain: the index-name ones, plus `-` (it separates the parts).
  public static let forbiddenCharacters: [Character] = [
    "-", "\\", "/", "*", "?", "\"", "<", ">", "|", " ", ",", "#", ":",
  ]

  /// Why `namespace` can't be used, or `nil` when it can.
  public static func problem(_ namespace: String) -> String? {
    if namespace.isEmpty { return "must not be empty" }
    if namespace.utf8.count > maxBytes { return "is longer than \(maxBytes) bytes" }
    if namespace != namespace.lowercased() { return "must be lowercase" }
    if let bad = namespace.first(where: forbiddenCharacters.contains) {
      let shown = bad == " " ? "a space" : "'\(bad)'"
      return "must not contain \(shown) (nor any of - \\ / * ? \" < > | , # : or a space)"
    }
    return nil
  }
}

extension DataStreamNamespace {
  static func read(_ section: ConfigSection?) throws(ConfigError) -> String {
    guard let section else { return defaultValue }
    section.warnUnknown(["namespace"])
    guard let namespace = try section.string("namespace") else { return defaultValue }
    if let problem = problem(namespace) {
      throw section.error("namespace", "\(ConfigSection.quote(namespace)) \(problem)")
    }
    return namespace
  }
}
