/// Expands environment references in a string setting, as beats do.
///
/// - `${VAR}`: the value of `VAR`; an error when `VAR` is not set.
/// - `${VAR:default}`: the value of `VAR` when set (even to the empty string), else `default`,
///   which may itself contain references (`${A:${B:x}}`).
/// - `$$`: a literal `$` (so `$${VAR}` is the text `${VAR}`).
/// - any other `$` is kept as it is.
///
/// Expanded values are plain strings; numeric, boolean and duration settings parse them.
struct EnvironmentExpansion {
  var environment: [String: String]

  /// Why a string could not be expanded; never contains the string itself (it may be a secret).
  enum Failure: Error, Equatable {
    case undefined(String)
    case unterminated
    case emptyName
  }

  /// Human words for a failure.
  static func reason(_ failure: Failure) -> String {
    switch failure {
    case .undefined(let name): return "environment variable \(name) is not set (use ${\(name):default} for a default)"
    case .unterminated: return "\"${\" without a closing \"}\""
    case .emptyName: return "\"${}\" names no environment variable"
    }
  }

  func expand(_ text: String) throws(Failure) -> String {
    guard text.contains("$") else { return text }
    let characters = Array(text)
    var index = 0
    return try expand(characters, &index, stopAtBrace: false, strict: true)
  }

  /// Expands from `index` until the end, or until an unmatched `}` when `stopAtBrace` (a default value).
  /// When not `strict`, undefined variables expand to nothing (a default that won't be used).
  private func expand(
    _ characters: [Character], _ index: inout Int, stopAtBrace: Bool, strict: Bool
  ) throws(Failure) -> String {
    var result = ""
    while index < characters.count {
      let character = characters[index]
      if stopAtBrace && character == "}" { return result }
      guard character == "$", index + 1 < characters.count else {
        result.append(character)
        index += 1
        continue
      }
      let next = characters[index + 1]
      if next == "$" {
        result.append("$")
        index += 2
      } else if next == "{" {
        index += 2
        result += try reference(characters, &index, strict: strict)
      } else {
        result.append(character)
        index += 1
      }
    }
    if stopAtBrace { throw .unterminated }
    return result
  }

  /// Reads `NAME}` or `NAME:default}` after `${` and returns its value.
  private func reference(_ characters: [Character], _ index: inout Int, strict: Bool) throws(Failure) -> String {
    var rawName = ""
    while index < characters.count, characters[index] != "}", characters[index] != ":" {
      rawName.append(characters[index])
      index += 1
    }
    guard index < characters.count else { throw .unterminated }
    let name = rawName.trimmingSpaces
    guard !name.isEmpty else { throw .emptyName }
    let value = environment[name]
    if characters[index] == "}" {
      index += 1
      guard let value else {
        if strict { throw .undefined(name) }
        return ""
      }
      return value
    }
    index += 1  // ':'
    let fallback = try expand(characters, &index, stopAtBrace: true, strict: strict && value == nil)
    index += 1  // '}'
    return value ?? fallback
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var slice = Substring(self)
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    return String(slice)
  }
}
