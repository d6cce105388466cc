import KSPMCore

/// Why a template could not be parsed or rendered.
public struct HandlebarsError: Error, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// The part of Handlebars that Fleet's agent stream templates use, rendered the way Fleet renders
/// them: `{{name}}` and `{{{name}}}` (no HTML escaping: Fleet compiles with `noEscape`), dotted
/// paths, `{{#if}}`/`{{#unless}}` with `{{else}}`, comments, the `escape_string` helper (as Kibana
/// 8.x's Fleet defines it), and Handlebars' standalone-line rule (a line holding only a block tag
/// or a comment disappears with its newline). Anything else (other helpers, `#each`, partials, `~`) is an error, so a template
/// that needs more fails its test instead of rendering differently from Fleet.
public struct HandlebarsTemplate: Sendable {
  indirect enum Node: Sendable {
    case text(String)
    case value(path: String, helper: String?)
    case block(helper: String, path: String, then: [Node], otherwise: [Node])
  }

  let nodes: [Node]

  public init(_ text: String) throws(HandlebarsError) {
    var tokens = try Self.tokenize(text)
    Self.removeStandaloneLines(&tokens)
    var index = 0
    nodes = try Self.parse(tokens, at: &index, closing: nil)
  }

  /// Renders with Fleet's variables: each policy variable by its name, a dotted name (`aws.credentials.type`)
  /// becoming nested objects as Fleet builds them.
  public func render(_ variables: [String: JSONValue]) throws(HandlebarsError) -> String {
    var out = ""
    try Self.render(nodes, context: Self.context(variables), into: &out)
    return out
  }

  /// Fleet's template context: dotted variable names split into nested objects.
  public static func context(_ variables: [String: JSONValue]) -> JSONValue {
    var root = JSONObject()
    for name in variables.keys.sorted() {
      insert(variables[name]!, at: name.split(separator: ".").map(String.init)[...], into: &root)
    }
    return .object(root)
  }

  static func insert(_ value: JSONValue, at path: ArraySlice<String>, into object: inout JSONObject) {
    guard let first = path.first else { return }
    if path.count == 1 {
      object[first] = value
      return
    }
    var child = object[first]?.objectValue ?? JSONObject()
    insert(value, at: path.dropFirst(), into: &child)
    object[first] = .object(child)
  }

  // MARK: Rendering

  static func render(_ nodes: [Node], context: JSONValue, into out: inout String) throws(HandlebarsError) {
    for node in nodes {
      switch node {
      case .text(let text): out += text
      case .value(let path, let helper):
        let value = lookup(path, in: context)
        switch helper {
        case nil: out += try scalarText(value, path: path) ?? ""
        case "escape_string"?:
          // Fleet 8.x: an empty value renders nothing; else single quotes, with inner quotes and
          // newlines doubled (a single-quoted YAML scalar folds a lone newline into a space).
          guard isTruthy(value), let text = try scalarText(value, path: path) else { continue }
          let quoted = text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
          out += "'" + quoted.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n\n") + "'"
        case let other?: throw HandlebarsError("helper \(other) is not supported")
        }
      case .block(let helper, let path, let then, let otherwise):
        let truthy = isTruthy(lookup(path, in: context))
        try render((helper == "if") == truthy ? then : otherwise, context: context, into: &out)
      }
    }
  }

  static func lookup(_ path: String, in context: JSONValue) -> JSONValue? {
    var value: JSONValue? = context
    for key in path.split(separator: ".") { value = value?[String(key)] }
    return value
  }

  /// Handlebars' falsy values: missing, null, false, "", 0 and the empty list.
  static func isTruthy(_ value: JSONValue?) -> Bool {
    switch value {
    case nil, .null?: return false
    case .bool(let b)?: return b
    case .string(let s)?: return !s.isEmpty
    case .int(let i)?: return i != 0
    case .double(let d)?: return d != 0
    case .array(let items)?: return !items.isEmpty
    case .object?: return true
    }
  }

  static func scalarText(_ value: JSONValue?, path: String) throws(HandlebarsError) -> String? {
    switch value {
    case nil, .null?: return nil
    case .string(let s)?: return s
    case .bool(let b)?: return b ? "true" : "false"
    case .int(let i)?: return String(i)
    case .double(let d)?: return String(d)
    case .array?, .object?: throw HandlebarsError("\(path): only single values can be rendered")
    }
  }

  // MARK: Parsing

  enum Token: Equatable {
    case text(String, original: String)
    case tag(String)
    case comment
  }

  static func tokenize(_ text: String) throws(HandlebarsError) -> [Token] {
    var tokens: [Token] = []
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      if open.lowerBound > rest.startIndex {
        let text = String(rest[..<open.lowerBound])
        tokens.append(.text(text, original: text))
      }
      let after = rest[open.upperBound...]
      let closer = after.hasPrefix("!--") ? "--}}" : after.hasPrefix("{") ? "}}}" : "}}"
      guard let close = after.range(of: closer) else { throw HandlebarsError("a tag is not closed") }
      let inside = after[..<close.lowerBound]
      if inside.hasPrefix("!") {
        tokens.append(.comment)
      } else {
        var body = inside.hasPrefix("{") ? inside.dropFirst() : inside
        body = body.drop { $0 == " " }
        while body.last == " " { body = body.dropLast() }
        if body.hasPrefix("~") || body.hasSuffix("~") || body.hasPrefix(">") {
          throw HandlebarsError("{{\(inside)}}: whitespace control and partials are not supported")
        }
        tokens.append(.tag(String(body)))
      }
      rest = after[close.upperBound...]
    }
    if !rest.isEmpty { tokens.append(.text(String(rest), original: String(rest))) }
    return tokens
  }

  /// Handlebars' standalone rule, on the original texts: a block tag, `else` or comment alone on
  /// its line takes the line's indentation and its newline with it.
  static func removeStandaloneLines(_ tokens: inout [Token]) {
    let original = tokens
    for (i, token) in original.enumerated() {
      guard isStandaloneKind(token) else { continue }
      let previousBlank: Bool
      if i == 0 {
        previousBlank = true
      } else if case .text(_, let text) = original[i - 1] {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        previousBlank = line.allSatisfy { $0 == " " || $0 == "\t" } && (text.contains("\n") || i - 1 == 0)
      } else {
        previousBlank = false
      }
      let nextBlank: Bool
      if i == original.count - 1 {
        nextBlank = true
      } else if case .text(_, let text) = original[i + 1] {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        nextBlank = line.allSatisfy { $0 == " " || $0 == "\t" } && (text.contains("\n") || i + 1 == original.count - 1)
      } else {
        nextBlank = false
      }
      guard previousBlank, nextBlank else { continue }
      if i > 0, case .text(let current, let text) = tokens[i - 1] {
        var trimmed = current
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        tokens[i - 1] = .text(trimmed, original: text)
      }
      if i < tokens.count - 1, case .text(let current, let text) = tokens[i + 1] {
        let trimmed = current.drop { $0 == " " || $0 == "\t" }
        tokens[i + 1] = .text(String(trimmed.hasPrefix("\n") ? trimmed.dropFirst() : trimmed), original: text)
      }
    }
  }

  static func isStandaloneKind(_ token: Token) -> Bool {
    switch token {
    case .comment: return true
    case .tag(let body): return body.hasPrefix("#") || body.hasPrefix("/") || body == "else"
    case .text: return false
    }
  }

  /// Nodes up to the `{{/closing}}` tag (or the end when `closing` is nil); stops before `{{else}}`.
  static func parse(_ tokens: [Token], at index: inout Int, closing: String?) throws(HandlebarsError) -> [Node] {
    var nodes: [Node] = []
    while index < tokens.count {
      let token = tokens[index]
      switch token {
      case .comment: index += 1
      case .text(let text, _):
        if !text.isEmpty { nodes.append(.text(text)) }
        index += 1
      case .tag(let body):
        if body == "else" || body.hasPrefix("/") {
          guard closing != nil else { throw HandlebarsError("{{\(body)}} without an open block") }
          return nodes
        }
        index += 1
        let words = body.split(separator: " ").map(String.init)
        if body.hasPrefix("#") {
          let helper = String(words[0].dropFirst())
          guard helper == "if" || helper == "unless", words.count == 2 else {
            throw HandlebarsError("{{\(body)}}: only #if and #unless with one value are supported")
          }
          let then = try parse(tokens, at: &index, closing: helper)
          var otherwise: [Node] = []
          if index < tokens.count, tokens[index] == .tag("else") {
            index += 1
            otherwise = try parse(tokens, at: &index, closing: helper)
          }
          guard index < tokens.count, tokens[index] == .tag("/" + helper) else {
            throw HandlebarsError("{{#\(helper) \(words[1])}} is not closed")
          }
          index += 1
          nodes.append(.block(helper: helper, path: words[1], then: then, otherwise: otherwise))
        } else if words.count == 1 {
          nodes.append(.value(path: words[0], helper: nil))
        } else if words.count == 2 {
          nodes.append(.value(path: words[1], helper: words[0]))
        } else {
          throw HandlebarsError("{{\(body)}}: one helper with one value at most")
        }
      }
    }
    guard closing == nil else { throw HandlebarsError("{{#\(closing!)}} is not closed") }
    return nodes
  }
}
