import KSPMCore

/// What a check concludes when the setting is not given at all.
public enum WhenAbsent: Sendable, Hashable {
  case pass
  case fail
  /// Judge the component's built-in default as if it had been given.
  case useDefault(String)
}

/// A command-line flag of a process: present, absent, or with a value that satisfies a condition.
///
/// Scalar conditions read the last occurrence (Go's pflag lets the last one win); list conditions
/// read every occurrence (pflag's string slices append). With `key`, the flag is a `k=v,…` map
/// (`--feature-gates`) and the condition applies to that key's value; a missing key counts as absent.
public struct ProcessFlagCheck: ProcessCheck, Hashable {
  /// With dashes: `--profiling`.
  public var flag: String
  public var key: String?
  public var condition: ValueCondition
  public var whenAbsent: WhenAbsent

  public init(_ flag: String, key: String? = nil, _ condition: ValueCondition, whenAbsent: WhenAbsent) {
    self.flag = flag
    self.key = key
    self.condition = condition
    self.whenAbsent = whenAbsent
  }

  /// Passes when the flag is given (with any value).
  public static func present(_ flag: String) -> ProcessFlagCheck {
    ProcessFlagCheck(flag, .isSet, whenAbsent: .fail)
  }

  /// Passes when the flag is not given.
  public static func absent(_ flag: String) -> ProcessFlagCheck {
    ProcessFlagCheck(flag, .notSet, whenAbsent: .pass)
  }

  /// The flag's value as given, or `nil` when absent (or when the map key is missing).
  public func value(in flags: ProcessFlags) -> SettingValue? {
    let occurrences = flags.values(flag)
    guard !occurrences.isEmpty else { return nil }
    let value = SettingValue.flag(occurrences)
    guard let key else { return value }
    return value.entry(key)
  }

  public func evaluate(_ process: ProcessResource) -> Evaluation {
    if value(in: process.flags) == nil, let unknown = process.unknownFlags[flag] {
      return .notEvaluated("\(flag) is not on the command line and could not be read elsewhere: \(unknown)")
    }
    var evidence = JSONObject()
    evidence["process_args"] = process.flags.evidence
    let passed: Bool
    if let value = value(in: process.flags) {
      passed = condition.holds(value)
    } else {
      switch whenAbsent {
      case .pass: passed = true
      case .fail: passed = false
      case .useDefault(let d):
        evidence["defaults"] = .object(JSONObject([.init(key: settingName, value: .string(d))]))
        passed = condition.holds(.flag([d]))
      }
    }
    return Evaluation(
      passed ? .passed : .failed, evidence: .object(evidence),
      expected: .object(JSONObject([.init(key: settingName, value: .string(condition.description))])))
  }

  /// `--profiling`, or `--feature-gates:RotateKubeletServerCertificate` for a map key.
  var settingName: String { key.map { "\(flag):\($0)" } ?? flag }

  public var description: String {
    let absent: String
    switch whenAbsent {
    case .pass: absent = "passes"
    case .fail: absent = "fails"
    case .useDefault(let d): absent = "default \(d.isEmpty ? "\"\"" : d)"
    }
    switch condition {
    case .isSet: return "\(settingName) is set"
    case .notSet: return "\(settingName) is not set"
    default: return "\(settingName) \(condition) (unset: \(absent))"
    }
  }
}

/// Every one of these flags is given (with any value): certificate and key pairs.
public struct RequiredFlagsCheck: ProcessCheck, Hashable {
  public var flags: [String]

  public init(_ flags: [String]) { self.flags = flags }

  public func evaluate(_ process: ProcessResource) -> Evaluation {
    if let flag = flags.first(where: { !process.flags.contains($0) && process.unknownFlags[$0] != nil }) {
      return .notEvaluated(
        "\(flag) is not on the command line and could not be read elsewhere: \(process.unknownFlags[flag]!)")
    }
    let ok = flags.allSatisfy { process.flags.contains($0) }
    return Evaluation(
      ok ? .passed : .failed, evidence: ["process_args": process.flags.evidence],
      expected: .object(JSONObject(flags.map { .init(key: $0, value: "set") })))
  }

  public var description: String { flags.joined(separator: " and ") + " are set" }
}
