import Foundation

/// The profiles of the shared credentials file and the shared config file, merged.
///
/// - Credentials file (`~/.aws/credentials`): sections `[name]`; a `[profile name]` section is
///   ignored there (as the Go SDK does).
/// - Config file (`~/.aws/config`): `[default]` and `[profile name]`; other sections
///   (`[sso-session x]`, `[services x]`, a bare `[name]`) are ignored; `[profile default]` wins
///   over `[default]`.
/// - A key in both files takes the credentials file's value. Keys are matched in lower case.
/// - `#` and `;` start comment lines (and comments after white space); indented lines under an
///   empty `key =` are a sub-section and ignored.
public struct AWSSharedConfig: Sendable, Equatable {
  /// Profile name → key → value.
  public var profiles: [String: [String: String]]

  public init(profiles: [String: [String: String]] = [:]) {
    self.profiles = profiles
  }

  /// The two files merged; `nil` paths and missing files count as empty.
  public init(credentialsText: String?, configText: String?) {
    var merged = configText.map { Self.parse($0, configFile: true) } ?? [:]
    let credentials: [String: [String: String]] = credentialsText.map { Self.parse($0, configFile: false) } ?? [:]
    for (name, values) in credentials {
      merged[name, default: [:]].merge(values) { _, credentials in credentials }
    }
    profiles = merged
  }

  /// The sections of one file, by profile name.
  public static func parse(_ text: String, configFile: Bool) -> [String: [String: String]] {
    var profiles: [String: [String: String]] = [:]
    // Values of `[default]` in a config file, kept apart until the end: `[profile default]` wins.
    var bareDefault: [String: String]?
    var section: String?
    var sectionIsBareDefault = false
    var inSubsection = false
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      let indented = rawLine.first == " " || rawLine.first == "\t"
      let line = stripComment(rawLine.trimmingCharacters(in: .whitespaces))
      if line.isEmpty { continue }
      if line.hasPrefix("[") {
        inSubsection = false
        guard line.hasSuffix("]") else {
          section = nil
          continue
        }
        let header = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        (section, sectionIsBareDefault) = profileName(header, configFile: configFile)
        if sectionIsBareDefault { bareDefault = bareDefault ?? [:] }
        if let section, !sectionIsBareDefault { profiles[section] = profiles[section] ?? [:] }
        continue
      }
      if indented && inSubsection { continue }
      guard let name = section, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      inSubsection = value.isEmpty
      if key.isEmpty || value.isEmpty { continue }
      if sectionIsBareDefault { bareDefault?[key] = value } else { profiles[name, default: [:]][key] = value }
    }
    if let bareDefault, profiles["default"] == nil { profiles["default"] = bareDefault }
    return profiles
  }

  /// The profile a section header names, and whether it is a config file's bare `[default]`.
  private static func profileName(_ header: String, configFile: Bool) -> (String?, Bool) {
    let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if configFile {
      if words.count == 1, words[0] == "default" { return ("default", true) }
      if words.count == 2, words[0] == "profile" { return (String(words[1]), false) }
      return (nil, false)
    }
    return words.count == 1 ? (String(words[0]), false) : (nil, false)
  }

  /// `line` without a `#` or `;` comment that starts it or follows white space.
  private static func stripComment(_ line: String) -> String {
    if line.hasPrefix("#") || line.hasPrefix(";") { return "" }
    var previous: Character = "x"
    for index in line.indices {
      let character = line[index]
      if (character == "#" || character == ";") && (previous == " " || previous == "\t") {
        return line[..<index].trimmingCharacters(in: .whitespaces)
      }
      previous = character
    }
    return line
  }
}
