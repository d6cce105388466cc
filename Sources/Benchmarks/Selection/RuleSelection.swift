import Foundation

/// Which rules of a benchmark a scan evaluates: `scan --rules/--skip/--sections/--profile/--target`
/// and the same `kspmbeat.*` settings. The default selects every rule. Rules left out are not
/// evaluated (nothing is collected for them) and yield no finding; a scan's coverage lists them
/// with ``exclusion(number:profile:targets:)``.
public struct RuleSelection: Sendable, Hashable {
  /// CIS profile levels. Level 2 extends Level 1, so `level2` selects both.
  public enum Profile: String, Sendable, Hashable, CaseIterable {
    case level1
    case level2
  }

  /// Only rules matching one of these (empty: every rule).
  public var rules: [RuleNumberPattern]
  /// Never rules matching one of these.
  public var skip: [RuleNumberPattern]
  /// Only rules in these sections (`1.2`, `5`; empty: every section).
  public var sections: [String]
  public var profile: Profile?
  /// Only rules of these targets (``ScanTarget`` names; empty: every target).
  public var targets: [String]

  public init(
    rules: [String] = [], skip: [String] = [], sections: [String] = [], profile: Profile? = nil,
    targets: [String] = []
  ) {
    self.rules = rules.map(RuleNumberPattern.init)
    self.skip = skip.map(RuleNumberPattern.init)
    self.sections = sections.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
    self.profile = profile
    self.targets = targets
  }

  /// Whether every rule is selected.
  public var selectsEverything: Bool {
    rules.isEmpty && skip.isEmpty && sections.isEmpty && profile != .level1 && targets.isEmpty
  }

  /// Why the rule `number` (of profile `profile`) is left out, or `nil` when it is selected.
  /// `known` are the benchmark's targets.
  public func exclusion(number: String, profile: String, targets known: [ScanTarget]) -> String? {
    if !rules.isEmpty, !rules.contains(where: { $0.matches(number) }) {
      return "not among the selected rules (\(rules.map(\.text).joined(separator: ", ")))"
    }
    if let pattern = skip.first(where: { $0.matches(number) }) { return "skipped (\(pattern.text))" }
    if !sections.isEmpty, !sections.contains(where: { Self.section($0, contains: number) }) {
      return "not in the selected sections (\(sections.joined(separator: ", ")))"
    }
    if !targets.isEmpty {
      let chosen = known.filter { target in targets.contains { target.isNamed($0) } }
      if !chosen.contains(where: { $0.contains(number) }) {
        return "not in the selected targets (\(targets.joined(separator: ", ")))"
      }
    }
    if self.profile == .level1, profile.hasPrefix("Level 2") {
      return "a Level 2 rule; profile level1 selects Level 1 rules only"
    }
    return nil
  }

  /// The settings of a selection, for naming the one a problem is about.
  public enum Setting: String, Sendable, Hashable, CaseIterable {
    case rules, skip, sections, profile, target
  }

  /// A part of the selection that does not fit the benchmark.
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    public var setting: Setting
    public var message: String
    public var description: String { message }
  }

  /// What does not fit the benchmark: a target it does not have, a pattern or section that
  /// matches none of its rule `numbers`. Empty when the selection is usable.
  public func problems(numbers: [String], targets known: [ScanTarget], benchmark id: String) -> [Problem] {
    var problems: [Problem] = []
    for name in targets where !known.contains(where: { $0.isNamed(name) }) {
      let names = known.map(\.label).joined(separator: ", ")
      problems.append(
        Problem(setting: .target, message: "\(id) has no target \(Self.quote(name)) (its targets: \(names))"))
    }
    for (setting, patterns) in [(Setting.rules, rules), (.skip, skip)] {
      for pattern in patterns where !numbers.contains(where: { pattern.matches($0) }) {
        problems.append(
          Problem(setting: setting, message: "rule pattern \(Self.quote(pattern.text)) matches no rule of \(id)"))
      }
    }
    for section in sections where !numbers.contains(where: { Self.section(section, contains: $0) }) {
      problems.append(Problem(setting: .sections, message: "section \(Self.quote(section)) has no rule in \(id)"))
    }
    return problems
  }

  /// The first setting given, for a problem with the selection as a whole.
  public var firstSetting: Setting {
    if !rules.isEmpty { return .rules }
    if !skip.isEmpty { return .skip }
    if !sections.isEmpty { return .sections }
    if !targets.isEmpty { return .target }
    return .profile
  }

  /// Whether the rule `number` is in `section` (`1.2` holds `1.2.7`; `2` holds `2.1`).
  static func section(_ section: String, contains number: String) -> Bool {
    number.hasPrefix(section + ".")
  }

  /// Values of a list option or setting: each may hold several, separated by commas
  /// (`--rules 1.2.1,5.1.*`); blanks are dropped.
  public static func split(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  static func quote(_ text: String) -> String {
    let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
    return "\"\(shown)\""
  }
}
