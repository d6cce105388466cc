import Beat
import Monitoring
import Testing

/// libbeat's `http.*` settings: defaults, TCP and Unix socket endpoints, errors naming the key.
@Suite struct MonitoringConfigTests {
  @Test func theEndpointIsOffByDefaultAndListensOnLocalhost5066WhenEnabled() throws {
    let off = try loadConfig(minimalOutput)
    #expect(off.config.http == MonitoringSettings(enabled: false, endpoint: .tcp(host: "localhost", port: 5066)))
    let on = try loadConfig(minimalOutput + "http.enabled: true\n")
    #expect(on.config.http == MonitoringSettings(enabled: true, endpoint: .tcp(host: "localhost", port: 5066)))
    #expect(on.warnings.isEmpty)
  }

  @Test func hostAndPortAreReadNestedDottedOrFromOverrides() throws {
    let nested = try loadConfig(minimalOutput + "http: {enabled: true, host: 0.0.0.0, port: 5067}\n")
    #expect(nested.config.http == MonitoringSettings(enabled: true, endpoint: .tcp(host: "0.0.0.0", port: 5067)))
    let overridden = try loadConfig(
      minimalOutput, overrides: ["http.enabled=true", "http.host=\"[::1]\"", "http.port=${PORT}"],
      environment: ["PORT": "6000"])
    #expect(overridden.config.http == MonitoringSettings(enabled: true, endpoint: .tcp(host: "::1", port: 6000)))
    #expect(overridden.config.http.endpoint.description == "[::1]:6000")
  }

  @Test func aUnixSocketIsAHostWithTheUnixScheme() throws {
    let loaded = try loadConfig(minimalOutput, overrides: ["http.enabled=true", "http.host=unix:///run/kspmbeat.sock"])
    #expect(loaded.config.http.endpoint == .unixSocket(path: "/run/kspmbeat.sock"))
    #expect(loaded.config.http.endpoint.description == "unix:///run/kspmbeat.sock")
  }

  @Test func badSettingsAreErrorsNamingTheKey() {
    #expect(
      configError(minimalOutput + "http.port: 70000\n")?.description
        == "kspmbeat.yml: http.port: 70000 is not between 0 and 65535")
    #expect(
      configError(minimalOutput + "http: {host: \"unix:///run/k.sock\", port: -1}\n")?.description
        == "kspmbeat.yml: http.port: -1 is not between 0 and 65535")
    #expect(
      configError(minimalOutput + "http.port: abc\n")?.description
        == "kspmbeat.yml: http.port: \"abc\" is not a whole number")
    #expect(
      configError(minimalOutput + "http.host: unix://run/x.sock\n")?.description
        == "kspmbeat.yml: http.host: \"unix://run/x.sock\": the socket path must be absolute")
    #expect(
      configError(minimalOutput + "http.host: http://localhost\n")?.description
        == "kspmbeat.yml: http.host: \"http://localhost\" is not a host name, an address or unix:///path/to.sock")
    let long = "unix:///" + String(repeating: "s", count: 110)
    #expect(configError(minimalOutput, overrides: ["http.host=\(long)"])?.keyPath == "http.host")
    #expect(configError(minimalOutput + "http.enabled: maybe\n")?.keyPath == "http.enabled")
  }

  @Test func unknownKeysUnderHTTPWarn() throws {
    let loaded = try loadConfig(minimalOutput + "http: {enabled: true, colour: blue}\n")
    #expect(loaded.warnings == ["http.colour: unknown setting"])
  }

  @Test func libbeatsProfilingAndBufferKeysAreAcceptedQuietly() throws {
    // Elastic Agent passes http.pprof.enabled and http.buffer.enabled to beats it monitors.
    let loaded = try loadConfig(minimalOutput + "http: {enabled: true, pprof.enabled: true, buffer.enabled: true}\n")
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config.http.enabled)
  }
}
