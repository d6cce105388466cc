import Beat
import Engine
import KSPMCore
import Testing

/// `kspmbeat.exceptions` in the daemon's configuration: read by the same loader as every other
/// setting (unknown keys warn, errors name the file, the line and the key) and handed to the
/// cycles, so a change restarts them.
@Suite struct ExceptionsConfigTests {
  static let text = """
    kspmbeat:
      exceptions:
        - rules: ["5.2.2", "5.2.3"]
          namespace: [kube-system, monitoring]
          kind: Pod
          name: "node-exporter-*"
          labels: {app.kubernetes.io/name: node-exporter}
          reason: the exporter reads the host
          owner: observability
          expires: 2027-03-31
        - rules: 1.1.*
          reason: managed control plane files
          owner: platform

    """ + minimalOutput

  @Test func exceptionsAreRead() throws {
    let (config, warnings) = try loadConfig(Self.text)
    #expect(warnings.isEmpty, "\(warnings)")
    let exceptions = config.exceptions.exceptions
    #expect(exceptions.count == 2)
    let exporter = exceptions[0]
    #expect(exporter.rules.map(\.text) == ["5.2.2", "5.2.3"])
    #expect(exporter.resources.namespaces.map(\.text) == ["kube-system", "monitoring"])
    #expect(exporter.resources.kinds == ["Pod"])
    #expect(exporter.resources.labels["app.kubernetes.io/name"]?.text == "node-exporter")
    #expect(exporter.expiry?.text == "2027-03-31")
    #expect(exporter.origin == "kspmbeat.yml:3")
    #expect(exceptions[1].expiry == nil)
    #expect(exceptions[1].resources.isEmpty)
    #expect(EngineSettings.plan(config, environment: [:]).exceptions == config.exceptions)
  }

  @Test func aChangedExceptionRestartsTheCycles() throws {
    let old = try loadConfig(Self.text).config
    let new = try loadConfig(Self.text.replacingOccurrences(of: "owner: platform", with: "owner: sre")).config
    #expect(EngineSettings.restarted(from: old, to: new, environment: [:]) == ["cycles"])
  }

  @Test func errorsNameTheFileTheLineAndTheKey() {
    let missingOwner = configError(
      "kspmbeat:\n  exceptions:\n    - rules: [\"1.1.1\"]\n      reason: r\n" + minimalOutput)
    #expect(
      missingOwner?.description
        == "kspmbeat.yml:3: kspmbeat.exceptions[0].owner: is required: who accepted them (a person or a team)")
    let badDate = configError(
      "kspmbeat.exceptions:\n  - {rules: \"1.1.1\", reason: r, owner: o, expires: 31/12/2026}\n" + minimalOutput)
    #expect(badDate?.line == 2)
    #expect(badDate?.keyPath == "kspmbeat.exceptions[0].expires")
    let notAList = configError("kspmbeat.exceptions: {rules: x}\n" + minimalOutput)
    #expect(notAList?.description.hasPrefix("kspmbeat.yml:1: kspmbeat.exceptions: is not a list") == true)
    let fromOverride = configError(minimalOutput, overrides: ["kspmbeat.exceptions=[{rules: x}]"])
    #expect(fromOverride?.line == nil, "an -E override has no line")
    #expect(fromOverride?.source.hasPrefix("-E") == true)
  }

  @Test func unknownKeysWarnWithTheirLine() throws {
    let (_, warnings) = try loadConfig(
      "kspmbeat:\n  exceptions:\n    - rules: [\"1.1.1\"]\n      reason: r\n      owner: o\n      expiry: 2027-01-01\n"
        + minimalOutput)
    #expect(warnings == ["kspmbeat.exceptions[0].expiry (line 6): unknown setting"])
  }
}
