import KSPMCore

/// One kubelet setting: its command-line flag, its key in the kubelet config file (`--config`),
/// and the kubelet's own default when neither is given.
///
/// The kubelet has two sets of defaults. Without a config file the legacy flag defaults apply
/// (anonymous auth on, `AlwaysAllow`, read-only port 10255); with a config file the
/// `KubeletConfiguration` v1beta1 defaults fill every key the file leaves out (anonymous auth off,
/// `Webhook`, read-only port 0).
public struct KubeletSetting: Sendable, Hashable, CustomStringConvertible {
  /// `--anonymous-auth`.
  public var flag: String
  /// For a map flag (`--feature-gates`), the key within it.
  public var key: String?
  /// The config-file path (`["authentication", "anonymous", "enabled"]`); `nil` for flag-only settings.
  public var configPath: [String]?
  /// The default when the kubelet runs with a config file; `nil` when there is none (unset).
  public var defaultWithConfigFile: JSONValue?
  /// The default when the kubelet runs on flags alone; `nil` when there is none (unset).
  public var defaultWithoutConfigFile: JSONValue?
  /// The kubelet's v1beta1 defaulting replaces a zero value *in the config file* (not on the
  /// command line) with the default: a zero duration, or an empty string.
  public var zeroInConfig: ZeroValue?

  /// A zero value the kubelet's config defaulting replaces.
  public enum ZeroValue: Sendable, Hashable {
    /// `0`, `"0s"`, `"0m"`: any duration of length zero.
    case duration
    /// `""`.
    case emptyString

    func matches(_ value: JSONValue) -> Bool {
      switch self {
      case .duration:
        if let number = value.doubleValue { return number == 0 }
        guard let text = value.stringValue else { return false }
        return GoDuration(parsing: text)?.nanoseconds == 0
      case .emptyString: return value.stringValue?.isEmpty == true
      }
    }
  }

  public init(
    flag: String, key: String? = nil, configPath: [String]?, defaultWithConfigFile: JSONValue?,
    defaultWithoutConfigFile: JSONValue?, zeroInConfig: ZeroValue? = nil
  ) {
    self.flag = flag
    self.key = key
    self.configPath = configPath
    self.defaultWithConfigFile = defaultWithConfigFile
    self.defaultWithoutConfigFile = defaultWithoutConfigFile
    self.zeroInConfig = zeroInConfig
  }

  /// A setting whose default is the same with and without a config file.
  public init(
    flag: String, key: String? = nil, configPath: [String]?, default value: JSONValue?, zeroInConfig: ZeroValue? = nil
  ) {
    self.init(
      flag: flag, key: key, configPath: configPath, defaultWithConfigFile: value, defaultWithoutConfigFile: value,
      zeroInConfig: zeroInConfig)
  }

  /// `--anonymous-auth` / `authentication.anonymous.enabled`.
  public var description: String {
    let name = key.map { "\(flag) \($0)" } ?? flag
    guard let configPath else { return name }
    return "\(name) / \(configPath.joined(separator: "."))"
  }

  /// Where a setting's effective value came from.
  public enum Source: String, Sendable, Hashable {
    case flag
    case config
    /// The config file held a zero value, which the kubelet replaces with its default.
    case configDefaulted
    case `default`
  }

  /// The effective value: the flag when given, else the config file's key, else the default.
  public func resolve(in process: ProcessResource) -> (source: Source, value: SettingValue?) {
    let occurrences = process.flags.values(flag)
    if !occurrences.isEmpty {
      let value = SettingValue.flag(occurrences)
      if let key {
        if let entry = value.entry(key) { return (.flag, entry) }
      } else {
        return (.flag, value)
      }
    }
    let configFile = process.configFiles["config"]
    if let configPath, let content = configFile?.content {
      var node: JSONValue? = content
      for component in configPath { node = node?[component] }
      if let key { node = node?[key] }
      if let node, !node.isNull {
        if let zeroInConfig, zeroInConfig.matches(node), let replacement = defaultWithConfigFile {
          return (.configDefaulted, .json(replacement))
        }
        return (.config, .json(node))
      }
    }
    let usesConfigFile = configFile != nil || process.flags.contains("--config")
    let fallback = usesConfigFile ? defaultWithConfigFile : defaultWithoutConfigFile
    return (.default, fallback.map { .json($0) })
  }
}

/// A kubelet setting (or several, all of which must hold) read flag first, then config file, then
/// the kubelet's effective default; flags override the file, as in the kubelet itself.
///
/// Evidence: `process_args` (every flag), `process_config.config` (the parsed file) when the file
/// decided, and `defaults` with the default values that were judged.
public struct KubeletSettingCheck: ProcessCheck, Hashable {
  public var settings: [KubeletSetting]
  public var condition: ValueCondition

  public init(_ setting: KubeletSetting, _ condition: ValueCondition) {
    self.settings = [setting]
    self.condition = condition
  }

  public init(all settings: [KubeletSetting], _ condition: ValueCondition) {
    self.settings = settings
    self.condition = condition
  }

  public func evaluate(_ process: ProcessResource) -> Evaluation {
    // A setting not given as a flag comes from the config file: when that file could not be used,
    // the rule is not evaluated (never judged from defaults).
    if let file = process.configFiles["config"], let problem = file.error,
      let setting = settings.first(where: { $0.configPath != nil && process.flags.values($0.flag).isEmpty })
    {
      return .notEvaluated(
        "\(setting.flag) is not on the command line and the kubelet's config file \(file.path) could not be used: "
          + problem)
    }
    var passed = true
    var fromConfig = false
    var defaults = JSONObject()
    for setting in settings {
      let (source, value) = setting.resolve(in: process)
      switch source {
      case .config: fromConfig = true
      case .configDefaulted:
        fromConfig = true
        defaults[setting.description + " (zero in the config file)"] = value?.evidence ?? .null
      case .default: defaults[setting.description] = value?.evidence ?? .null
      case .flag: break
      }
      if let value {
        if !condition.holds(value) { passed = false }
      } else if condition != .notSet {
        passed = false
      }
    }
    var evidence = JSONObject()
    evidence["process_args"] = process.flags.evidence
    if fromConfig, let content = process.configFiles["config"]?.content {
      evidence["process_config"] = .object(JSONObject([.init(key: "config", value: content)]))
    }
    if !defaults.isEmpty { evidence["defaults"] = .object(defaults) }
    return Evaluation(
      passed ? .passed : .failed, evidence: .object(evidence),
      expected: .object(JSONObject(settings.map { .init(key: $0.description, value: .string(condition.description)) })))
  }

  public var description: String {
    settings.map(\.description).joined(separator: " and ") + " " + condition.description
  }
}

extension KubeletSetting {
  public static let anonymousAuth = KubeletSetting(
    flag: "--anonymous-auth", configPath: ["authentication", "anonymous", "enabled"],
    defaultWithConfigFile: false, defaultWithoutConfigFile: true)
  public static let authorizationMode = KubeletSetting(
    flag: "--authorization-mode", configPath: ["authorization", "mode"],
    defaultWithConfigFile: "Webhook", defaultWithoutConfigFile: "AlwaysAllow", zeroInConfig: .emptyString)
  public static let clientCAFile = KubeletSetting(
    flag: "--client-ca-file", configPath: ["authentication", "x509", "clientCAFile"], default: nil)
  public static let readOnlyPort = KubeletSetting(
    flag: "--read-only-port", configPath: ["readOnlyPort"], defaultWithConfigFile: 0,
    defaultWithoutConfigFile: 10255)
  /// A zero duration in the config file becomes 4h (v1beta1 defaulting); `--streaming-connection-idle-timeout=0`
  /// on the command line really means no timeout.
  public static let streamingConnectionIdleTimeout = KubeletSetting(
    flag: "--streaming-connection-idle-timeout", configPath: ["streamingConnectionIdleTimeout"], default: "4h0m0s",
    zeroInConfig: .duration)
  public static let protectKernelDefaults = KubeletSetting(
    flag: "--protect-kernel-defaults", configPath: ["protectKernelDefaults"], default: false)
  public static let makeIPTablesUtilChains = KubeletSetting(
    flag: "--make-iptables-util-chains", configPath: ["makeIPTablesUtilChains"], default: true)
  public static let hostnameOverride = KubeletSetting(flag: "--hostname-override", configPath: nil, default: nil)
  /// An explicit 0 in the file stays 0 (the field is a pointer); unset is 50 since Kubernetes 1.27 (5 before).
  public static let eventQPS = KubeletSetting(flag: "--event-qps", configPath: ["eventRecordQPS"], default: 50)
  public static let tlsCertFile = KubeletSetting(flag: "--tls-cert-file", configPath: ["tlsCertFile"], default: nil)
  public static let tlsPrivateKeyFile = KubeletSetting(
    flag: "--tls-private-key-file", configPath: ["tlsPrivateKeyFile"], default: nil)
  public static let rotateCertificates = KubeletSetting(
    flag: "--rotate-certificates", configPath: ["rotateCertificates"], default: false)
  public static let rotateKubeletServerCertificate = KubeletSetting(
    flag: "--feature-gates", key: "RotateKubeletServerCertificate", configPath: ["featureGates"], default: true)
  /// Unset means Go's default suites, which include CBC and 3DES ones: judged as not set.
  public static let tlsCipherSuites = KubeletSetting(
    flag: "--tls-cipher-suites", configPath: ["tlsCipherSuites"], default: nil)
}
