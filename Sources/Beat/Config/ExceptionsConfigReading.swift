import Benchmarks
import Engine
import KSPMCore

extension ExceptionList {
  /// The keys of one exception.
  static let entryKeys: Set<String> = ["rules", "namespace", "kind", "name", "labels", "reason", "owner", "expires"]

  /// Reads the list of exceptions at `key` of `section` (`kspmbeat.exceptions`, or `exceptions` of
  /// a `scan --exceptions` file):
  ///
  /// ```yaml
  /// - rules: ["5.2.2", "5.2.7"]     # numbers or rule ids, globs; a list or one string with commas
  ///   namespace: kube-system         # optional, each a string or a list: namespace, kind, name
  ///   kind: Pod
  ///   name: "kube-proxy-*"
  ///   labels: {k8s-app: kube-proxy}  # optional, values are globs
  ///   reason: kube-proxy runs privileged by design
  ///   owner: platform-team
  ///   expires: 2026-06-30            # optional: a day (through its end, UTC) or an RFC 3339 time
  /// ```
  ///
  /// `rules`, `reason` and `owner` are required. Errors name the file, the line and the key; an
  /// unknown key warns, and so does a rule pattern that matches no checked rule of `benchmark`.
  static func read(_ section: ConfigSection, key: String, benchmark: String?) throws(ConfigError) -> ExceptionList {
    let context = section.context
    let path = section.keyPath(key)
    do throws(ConfigError) {
      guard let value = section.raw(key) else { return ExceptionList() }
      guard case .array(let elements) = value else {
        throw context.error(path, "is not a list of exceptions (each with rules, reason and owner)")
      }
      var exceptions: [FindingException] = []
      for (index, element) in elements.enumerated() {
        exceptions.append(try entry(element, path: "\(path)[\(index)]", context: context, benchmark: benchmark))
      }
      return ExceptionList(exceptions)
    } catch {
      var located = error
      if located.line == nil { located.line = context.line(of: error.keyPath) }
      throw located
    }
  }

  static func entry(_ element: JSONValue, path: String, context: ConfigReadContext, benchmark: String?)
    throws(ConfigError) -> FindingException
  {
    guard case .object(let object) = element else {
      throw context.error(path, "is not a map of settings (rules, reason, owner, …)")
    }
    let entry = ConfigSection(path: path, object: object, context: context)
    for unknown in object.keys where !entryKeys.contains(unknown) {
      let line = context.line(of: entry.keyPath(unknown)).map { " (line \($0))" } ?? ""
      context.warn("\(ConfigError.shortened(entry.keyPath(unknown)))\(line): unknown setting")
    }
    let rules = RuleSelection.split(try entry.strings("rules") ?? [])
    guard !rules.isEmpty else {
      throw entry.error("rules", "is required: the rule numbers or ids it excepts (\"5.2.2\", \"5.1.*\")")
    }
    guard let reason = try entry.nonEmptyString("reason") else {
      throw entry.error("reason", "is required: why these failures are accepted")
    }
    guard let owner = try entry.nonEmptyString("owner") else {
      throw entry.error("owner", "is required: who accepted them (a person or a team)")
    }
    var expiry: ExceptionExpiry?
    if let text = try entry.nonEmptyString("expires") {
      guard let parsed = ExceptionExpiry(text) else {
        throw entry.error(
          "expires", "\(ConfigSection.quote(text)) is not a day (2026-12-31) or an RFC 3339 time (2026-12-31T18:00:00Z)"
        )
      }
      expiry = parsed
    }
    var labels: [String: String] = [:]
    if let section = try entry.section("labels") {
      // Settings split dotted keys into maps; a label key (`app.kubernetes.io/name`) is joined back.
      for (name, value) in Self.flattened(section.object) {
        guard let value else { throw section.error(name, "needs a value (a glob: \"*\" for any)") }
        labels[name] = try section.scalarText(value, at: section.keyPath(name), secret: false)
      }
    }
    let selector = ResourceSelector(
      namespaces: RuleSelection.split(try entry.strings("namespace") ?? []),
      kinds: RuleSelection.split(try entry.strings("kind") ?? []),
      names: RuleSelection.split(try entry.strings("name") ?? []), labels: labels)
    let origin = context.line(of: path).map { "\(context.sourceName):\($0)" } ?? path
    let exception = FindingException(
      rules: rules, resources: selector, reason: reason, owner: owner, expiry: expiry, origin: origin)
    if let benchmark, let rules = BenchmarkRegistry.named(benchmark)?.rules {
      for pattern in exception.rules
      where !rules.contains(where: { pattern.matches($0.ruleNumber) || pattern.matches($0.id) }) {
        context.warn(
          "\(entry.keyPath("rules")) (\(origin)): \(ConfigSection.quote(pattern.text)) matches no checked rule of \(benchmark)"
        )
      }
    }
    return exception
  }

  /// The leaves of `object` by dotted path (`app.kubernetes.io/name`); `nil` for a `null` value.
  static func flattened(_ object: JSONObject, prefix: String = "") -> [(String, JSONValue?)] {
    object.members.flatMap { member -> [(String, JSONValue?)] in
      let key = prefix.isEmpty ? member.key : "\(prefix).\(member.key)"
      switch member.value {
      case .object(let child): return flattened(child, prefix: key)
      case .null: return [(key, nil)]
      default: return [(key, member.value)]
      }
    }
  }

  /// Reads a `scan --exceptions` file: a map whose `exceptions` key holds the list (the same
  /// entries as `kspmbeat.exceptions`).
  public static func load(file: String, benchmark: String, environment: [String: String]) throws(ConfigError)
    -> (config: ExceptionList, warnings: [String])
  {
    try KSPMBeatConfig.loadTree(file: file, overrides: [], environment: environment) { root throws(ConfigError) in
      root.warnUnknown(["exceptions"])
      guard root.contains("exceptions") else {
        throw ConfigError(
          source: file, keyPath: "", reason: "no exceptions: the file needs an `exceptions:` list")
      }
      return try read(root, key: "exceptions", benchmark: benchmark)
    }
  }
}
