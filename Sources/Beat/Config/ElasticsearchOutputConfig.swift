import HTTPTransport
import KSPMCore
import Output

extension ElasticsearchOutputConfig {
  static let keys: Set<String> = ElasticsearchAuth.keys.union(HTTPProxy.keys).union([
    "enabled", "hosts", "protocol", "path", "ssl", "compression_level", "bulk_max_size", "worker", "workers",
    "loadbalance", "backoff", "timeout", "idle_connection_timeout", "max_retries", "preset", "non_indexable_policy",
    "queue", "headers", "parameters",
  ])

  /// Reads the section; `queue` keys are read by the caller (they apply to the whole pipeline).
  static func read(_ section: ConfigSection) throws(ConfigError) -> ElasticsearchOutputConfig {
    section.warnUnknown(keys)
    let preset = try readPreset(section)
    let presetValues = preset.values
    let tls = try section.section("ssl").map(TLSClientConfig.read)
    let tlsEnabled = tls?.enabled ?? false

    var config = ElasticsearchOutputConfig(hosts: [], preset: preset)
    config.hosts = try readHosts(section, impliedScheme: tlsEnabled ? "https" : "http")
    config.auth = try ElasticsearchAuth.read(section)
    config.tls = tls

    config.compressionLevel =
      try section.int("compression_level") ?? presetValues.compressionLevel ?? defaultCompressionLevel
    guard (0...9).contains(config.compressionLevel) else {
      throw section.error("compression_level", "\(config.compressionLevel) is not between 0 and 9")
    }
    config.bulkMaxSize = try section.int("bulk_max_size") ?? presetValues.bulkMaxSize ?? defaultBulkMaxSize
    guard config.bulkMaxSize >= 1 else { throw section.error("bulk_max_size", "must be at least 1") }
    if section.raw("worker") != nil, section.raw("workers") != nil {
      throw section.error("workers", "set worker or workers, not both")
    }
    let workersKey = section.raw("worker") != nil ? "worker" : "workers"
    config.workers = try section.int(workersKey) ?? presetValues.workers ?? ElasticsearchOutputConfig.defaultWorkers
    guard config.workers >= 1 else { throw section.error(workersKey, "must be at least 1") }
    config.loadBalance = try section.bool("loadbalance") ?? true

    config.backoffInit = presetValues.backoffInit ?? config.backoffInit
    config.backoffMax = presetValues.backoffMax ?? config.backoffMax
    if let backoff = try section.section("backoff") {
      backoff.warnUnknown(["init", "max"])
      config.backoffInit = try positive(backoff, "init") ?? config.backoffInit
      config.backoffMax = try positive(backoff, "max") ?? config.backoffMax
      if config.backoffMax < config.backoffInit {
        throw backoff.error(
          "max",
          "\(ConfigDuration.format(config.backoffMax)) is less than backoff.init "
            + "(\(ConfigDuration.format(config.backoffInit)))")
      }
    }
    config.timeout = try positive(section, "timeout") ?? config.timeout
    config.idleConnectionTimeout =
      try positive(section, "idle_connection_timeout") ?? presetValues.idleConnectionTimeout
      ?? config.idleConnectionTimeout
    if let retries = try section.int("max_retries") { config.maxRetries = retries < 0 ? nil : retries }
    config.nonIndexablePolicy = try NonIndexablePolicy.read(section.section("non_indexable_policy"))
    if let headers = try section.section("headers") {
      for name in headers.object.keys {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isHeaderNameCharacter) else {
          throw headers.context.error(headers.path, "\(ConfigSection.quote(name)) is not a valid HTTP header name")
        }
      }
      for (name, text) in try headers.texts(secret: true) {
        guard let text, !text.isEmpty else { continue }
        guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
          throw headers.error(name, "must be a single line")
        }
        config.headers[name] = ConfigSecret(text)
      }
    }
    config.proxy = try HTTPProxy.read(section)
    if let parameters = try section.section("parameters") {
      for (name, text) in try parameters.texts(secret: false) where !name.isEmpty {
        config.parameters[name] = text ?? ""
      }
    }
    return config
  }

  static func readPreset(_ section: ConfigSection) throws(ConfigError) -> ElasticsearchPreset {
    guard let name = try section.nonEmptyString("preset") else { return .custom }
    guard let preset = ElasticsearchPreset(rawValue: name.lowercased()) else {
      let names = ElasticsearchPreset.allCases.map(\.rawValue).joined(separator: ", ")
      throw section.error("preset", "\(ConfigSection.quote(name)) is not one of \(names)")
    }
    return preset
  }

  static func readHosts(_ section: ConfigSection, impliedScheme: String) throws(ConfigError) -> [ElasticsearchHost] {
    var scheme = impliedScheme
    if let proto = try section.nonEmptyString("protocol") {
      scheme = proto.lowercased()
      guard scheme == "http" || scheme == "https" else {
        throw section.error("protocol", "\(ConfigSection.quote(proto)) is not http or https")
      }
    }
    let defaultPath = try section.string("path") ?? ""
    guard let entries = try section.strings("hosts"), !entries.isEmpty else {
      throw section.error("hosts", "is required: list the Elasticsearch URLs, e.g. [\"https://es:9200\"]")
    }
    var hosts: [ElasticsearchHost] = []
    for (index, entry) in entries.enumerated() {
      switch ElasticsearchHost.parse(entry, defaultScheme: scheme, defaultPath: defaultPath) {
      case .success(let host): hosts.append(host)
      case .failure(let failure):
        let key = section.raw("hosts")?.arrayValue == nil ? "hosts" : "hosts[\(index)]"
        throw section.error(key, failure.reason)
      }
    }
    return hosts
  }

  /// RFC 9110 token characters.
  static func isHeaderNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII
      && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
  }

  /// A duration that must be greater than zero.
  static func positive(_ section: ConfigSection, _ key: String) throws(ConfigError) -> Duration? {
    guard let value = try section.duration(key) else { return nil }
    guard value > .zero else { throw section.error(key, "must be greater than 0") }
    return value
  }
}
