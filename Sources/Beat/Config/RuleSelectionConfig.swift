import Benchmarks
import KSPMCore

extension RuleSelection {
  /// The `kspmbeat.*` keys of a rule selection, as `scan`'s flags name them.
  static let configKeys: Set<String> = Set(Setting.allCases.map(\.rawValue))

  /// Reads `kspmbeat.rules`, `.skip`, `.sections` (each a list, or one string with commas),
  /// `.profile` (`level1`, `level2`) and `.target`, and checks them against `benchmark`: a target
  /// it does not have, a pattern or section matching none of its rules, or a selection that
  /// leaves no checked rule is an error naming the key.
  static func read(_ beat: ConfigSection, benchmark id: String) throws(ConfigError) -> RuleSelection {
    var profile: Profile?
    if let text = try beat.nonEmptyString(Setting.profile.rawValue) {
      guard let level = Profile(rawValue: text) else {
        throw beat.error(Setting.profile.rawValue, "\(ConfigSection.quote(text)) is not level1 or level2")
      }
      profile = level
    }
    func list(_ setting: Setting) throws(ConfigError) -> [String] {
      split(try beat.strings(setting.rawValue) ?? [])
    }
    let selection = RuleSelection(
      rules: try list(.rules), skip: try list(.skip), sections: try list(.sections), profile: profile,
      targets: try list(.target))
    if let benchmark = BenchmarkRegistry.named(id), let problem = benchmark.problems(with: selection).first {
      throw beat.error(problem.setting.rawValue, problem.message)
    }
    return selection
  }
}
