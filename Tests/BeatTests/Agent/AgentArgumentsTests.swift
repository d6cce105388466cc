import Beat
import Logging
import Monitoring
import Output
import Testing

/// The `-E` arguments Elastic Agent starts kspmbeat with load, without warnings and without an
/// output section; the settings that matter are read.
@Suite struct AgentArgumentsTests {
  @Test func theAgentsArgumentsLoadWithoutWarningsOrAnOutput() throws {
    let loaded = try KSPMBeatConfig.load(file: nil, overrides: AgentFixture.allSettings, environment: [:])
    #expect(loaded.warnings.isEmpty)
    let config = loaded.config
    #expect(config.management == ManagementConfig(enabled: true, restartOnOutputChange: true))
    #expect(config.logging.level == .info)
    #expect(config.path.data == "/opt/Elastic/Agent/run/cis_k8s-default")
    #expect(config.http.enabled)
    #expect(config.http.endpoint == .unixSocket(path: "/tmp/elastic-agent/AbCd.sock"))
    #expect(config.output == .elasticAgent)
  }

  @Test func gcPercentResolvesFromTheEnvironmentOrIsIgnored() throws {
    for environment in [[:], ["CLOUDBEAT_GOGC": "50"], ["CLOUDBEAT_GOGC": "not a number"]] {
      let loaded = try KSPMBeatConfig.load(file: nil, overrides: AgentFixture.allSettings, environment: environment)
      #expect(loaded.warnings.isEmpty)
    }
  }

  @Test func theScanConfigurationAcceptsTheArgumentsToo() throws {
    let loaded = try ScanConfig.load(file: nil, overrides: AgentFixture.allSettings, environment: [:])
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config == ScanConfig())
  }

  @Test func withoutManagementAnOutputIsStillRequired() throws {
    let error = configError("kspmbeat.period: 1h\n", overrides: ["management.enabled=false"])
    #expect(error?.keyPath == "output")
    #expect(error?.reason.contains("is required") == true)
    #expect(configError("kspmbeat.period: 1h\n")?.keyPath == "output")
  }

  @Test func underManagementAnOutputSectionIsStillRead() throws {
    let config = try loadConfig(minimalOutput, overrides: ["management.enabled=true"]).config
    #expect(config.management.enabled)
    #expect(config.output.elasticsearch?.hosts.count == 1)
    let error = configError(
      "output.elasticsearch.hosts: []\noutput.console: {}\n", overrides: ["management.enabled=true"])
    #expect(error?.keyPath == "output")
  }

  @Test func underManagementWithoutAnOutputTheTopLevelQueueIsRead() throws {
    let config = try loadConfig("queue.mem.events: 4096\n", overrides: ["management.enabled=true"]).config
    #expect(config.queue.events == 4096)
  }

  @Test func defaultsWhenNothingIsSaid() throws {
    let config = try loadConfig(minimalOutput).config
    #expect(config.management == ManagementConfig(enabled: false, restartOnOutputChange: false))
    #expect(config.logging.level == .info)
    #expect(config.path.data == nil)
  }

  @Test(arguments: [("error", LoggingConfig.Level.error), ("warning", .warning), ("INFO", .info), ("debug", .debug)])
  func logLevelsAreRead(text: String, level: LoggingConfig.Level) throws {
    #expect(try loadConfig(minimalOutput, overrides: ["logging.level=\(text)"]).config.logging.level == level)
  }

  @Test func anUnknownLogLevelIsAnErrorNamingTheLevels() {
    let error = configError(minimalOutput, overrides: ["logging.level=verbose"])
    #expect(error?.source == "-E logging.level")
    #expect(error?.reason == "\"verbose\" is not one of error, warning, info, debug")
  }

  @Test func managementValuesMustBeBooleans() {
    #expect(configError(minimalOutput, overrides: ["management.enabled=maybe"])?.keyPath == "management.enabled")
  }

  @Test func pathDataExpandsHome() throws {
    let config = try loadConfig(minimalOutput, overrides: ["path.data=~/kspm"], environment: ["HOME": "/home/k"]).config
    #expect(config.path.data == "/home/k/kspm")
  }

  @Test func unknownKeysInTheNewSectionsStillWarn() throws {
    let warnings = try loadConfig(
      minimalOutput, overrides: ["management.mode=x", "logging.colour=true", "path.tmp=/t"]
    ).warnings
    #expect(
      warnings == ["management.mode: unknown setting", "logging.colour: unknown setting", "path.tmp: unknown setting"])
  }

  @Test func theAgentSuppliedOutputCannotBeBuiltWithoutTheAgent() throws {
    #expect(throws: AgentSuppliedOutputError.self) {
      _ = try OutputFactory.makeOutput(
        .elasticAgent, index: "logs-x-default", userAgent: "kspmbeat", logger: Logger(label: "test"))
    }
  }
}
