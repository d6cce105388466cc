import Monitoring

// The top-level `http` section is read into the Monitoring module's ``MonitoringSettings``:
// `http.enabled` [false], `http.host` [localhost; or unix:///path/to.sock], `http.port` [5066].

extension MonitoringSettings {
  /// `pprof` and `buffer` are libbeat's (Elastic Agent may pass `http.pprof.enabled`): accepted, unused.
  static let keys: Set<String> = ["enabled", "host", "port", "pprof", "buffer"]

  static func read(_ section: ConfigSection?) throws(ConfigError) -> MonitoringSettings {
    guard let section else { return MonitoringSettings() }
    section.warnUnknown(keys)
    let enabled = try section.bool("enabled") ?? false
    let host = try section.string("host") ?? defaultHost
    let port = try section.int("port") ?? defaultPort
    do throws(MonitoringSettingError) {
      return MonitoringSettings(enabled: enabled, endpoint: try MonitoringEndpoint.parse(host: host, port: port))
    } catch {
      throw section.error(error.setting, error.reason)
    }
  }
}
