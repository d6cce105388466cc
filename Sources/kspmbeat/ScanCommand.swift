import ArgumentParser
import Beat
import Benchmarks
import Engine
import Foundation
import KSPMCore
import Logging
import Report

#if canImport(Glibc)
  import Glibc
#endif

struct ScanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Run one benchmark cycle over a cluster, this node, or manifests, and show the findings.",
    discussion: """
      Cluster objects come from the API server (kubeconfig, or the pod's service account in a cluster), or \
      from --manifests. Node files and processes are read under --host-root. With --format table (the default \
      on a terminal) a posture summary is printed; NDJSON findings go to --output (or standard output with \
      --format ndjson). -c FILE and -E key=value read kspmbeat.* settings as `kspmbeat run` does (benchmark, \
      kube_config, host_root, data_stream, and for cis_eks aws.credentials.*, aws.region, aws.endpoint, \
      aws.cluster_name); command-line flags win over them. With --ship the findings go instead to the output \
      configured there (e.g. -E 'output.elasticsearch.hosts=["https://es:9200"]'); the scan exits once every \
      finding is acknowledged or dropped, or when --ship-timeout passes. --rules, --skip, --sections, --profile \
      and --target choose the rules (also kspmbeat.rules, .skip, .sections, .profile, .target in -c/-E); every \
      rule is still listed in the summary with its status. --exceptions FILE (or kspmbeat.exceptions) accepts \
      failures with a reason, an owner and an expiry: they are shown apart and not scored. --baseline FILE compares \
      with a previous scan's NDJSON; --fail-on new fails only on new failures. Exit status: 0 all well, 1 nothing could be scanned, \
      2 usage or setup error, 3 findings were dropped or not delivered, 4 the scan fails --fail-on or --min-score.
      """
  )

  @Option(
    help: ArgumentHelp(
      "Benchmark to run: \(BenchmarkRegistry.ids.joined(separator: ", ")) (default: the configuration's, else cis_k8s).",
      valueName: "id"))
  var benchmark: String?

  @Option(help: "Kubeconfig file (default: in-cluster, then $KUBECONFIG, then ~/.kube/config).")
  var kubeconfig: String?

  @Option(help: "Kubeconfig context (default: the current context).")
  var context: String?

  @Option(
    parsing: .upToNextOption,
    help: "Scan Kubernetes objects from these YAML/JSON files or folders instead of an API server.")
  var manifests: [String] = []

  @Option(help: "Where the node's file system is mounted (default: /hostfs when it exists, else /).")
  var hostRoot: String?

  @Option(name: .shortAndLong, help: "Write NDJSON findings to this file ('-' for standard output).")
  var output: String?

  @Option(
    help: ArgumentHelp(
      "Output format: table, json (one summary object), ndjson (findings), sarif (SARIF 2.1.0), junit (JUnit XML) or html (one self-contained page) (default: table on a terminal, else ndjson).",
      valueName: "format"))
  var format: ScanOptions.Format?

  @Option(
    help: ArgumentHelp(
      "Accepted failures: a YAML file with an `exceptions:` list (rules, namespace, kind, name, labels, reason, owner, expires).",
      valueName: "file"))
  var exceptions: String?

  @Option(
    help: ArgumentHelp(
      "Compare with a previous scan's NDJSON findings (--format ndjson or --output): new, fixed and unchanged failures.",
      valueName: "file"))
  var baseline: String?

  @Option(
    help: ArgumentHelp(
      "Only these rules: numbers or globs, comma-separated or repeated (1.2.1,5.1.*).", valueName: "patterns"))
  var rules: [String] = []

  @Option(help: ArgumentHelp("Never these rules: numbers or globs (4.2.*).", valueName: "patterns"))
  var skip: [String] = []

  @Option(help: ArgumentHelp("Only rules in these CIS sections (1.2,5).", valueName: "sections"))
  var sections: [String] = []

  @Option(help: "CIS profile: level1 (Level 1 rules only) or level2 (Level 1 and Level 2, the default).")
  var profile: RuleSelection.Profile?

  @Option(
    help: ArgumentHelp(
      "Only rules of these parts, kube-bench's names: master, etcd, controlplane, node (or worker), policies; cis_eks: controlplane, node, policies, managedservices.",
      valueName: "targets"))
  var target: [String] = []

  @Option(
    help: ArgumentHelp(
      "Exit with status 4 when any finding failed (failed), any rule was not evaluated (not-evaluated), or a finding failed that did not fail in the --baseline (new).",
      valueName: "conditions"))
  var failOn: [String] = []

  @Option(help: ArgumentHelp("Exit with status 4 when the overall score is below this percentage.", valueName: "score"))
  var minScore: Double?

  @Option(help: "Cluster id for the findings (default: the kube-system namespace's uid; none for --manifests).")
  var clusterID: String?

  @Option(help: "Cluster name for the findings (default: from the kubeadm-config ConfigMap, when there is one).")
  var clusterName: String?

  @Flag(help: "Scan the bundled demo cluster and node instead of a real one.")
  var demo = false

  @Flag(help: "Skip this node's files and processes.")
  var skipNode = false

  @Flag(help: "Skip cluster objects.")
  var skipCluster = false

  @Flag(name: .shortAndLong, help: "Show informational messages on standard error.")
  var verbose = false

  @Flag(help: "Print resources, findings and the time per stage on standard error (a `kspmbeat: stats` line).")
  var stats = false

  @Flag(help: "Send the findings to the output configured with -c/-E instead of writing them locally.")
  var ship = false

  @Option(
    name: .shortAndLong, help: "Configuration file (kspmbeat.yml): its kspmbeat.* settings, and the output for --ship.")
  var config: String?

  @Option(name: .customShort("E"), help: "Override a setting of the configuration: -E key=value (repeatable).")
  var overrides: [String] = []

  @Option(help: "With --ship: how long to keep retrying before giving up (default 10m).")
  var shipTimeout = "10m"

  @Option(
    help: "Log level of messages on standard error: trace, debug, info, warning, error (default warning; info with -v)."
  )
  var logLevel: String?

  func validate() throws {
    if let logLevel, Logger.Level(rawValue: logLevel) == nil {
      throw ValidationError("unknown --log-level \(logLevel)")
    }
    if demo && (!manifests.isEmpty || kubeconfig != nil || hostRoot != nil) {
      throw ValidationError(
        "--demo scans the bundled demo; it cannot be combined with --manifests, --kubeconfig or --host-root")
    }
    if clusterID?.isEmpty == true { throw ValidationError("--cluster-id must not be empty") }
    let conditions = RuleSelection.split(failOn)
    if let unknown = conditions.first(where: { ScanGate.Condition(rawValue: $0) == nil }) {
      throw ValidationError("--fail-on \(unknown): use failed, not-evaluated or new")
    }
    if conditions.contains(ScanGate.Condition.new.rawValue), baseline == nil {
      throw ValidationError("--fail-on new compares with a baseline: give --baseline FILE")
    }
    if let minScore, !(0...100).contains(minScore) {
      throw ValidationError("--min-score must be between 0 and 100")
    }
    if let format, format != .ndjson, output == "-" {
      throw ValidationError("--format \(format.rawValue) writes its report to standard output; give --output a file")
    }
    if skipNode && skipCluster {
      throw ValidationError("--skip-node and --skip-cluster together leave nothing to scan")
    }
    if ship {
      if config == nil && overrides.isEmpty {
        throw ValidationError("--ship needs the output's settings: -c FILE and/or -E key=value")
      }
      if output != nil { throw ValidationError("--ship sends findings to the configured output; drop --output") }
      if format == .ndjson { throw ValidationError("--ship cannot be combined with --format ndjson") }
      if ShipOptions.parseTimeout(shipTimeout) == nil {
        throw ValidationError("--ship-timeout \(shipTimeout) is not a positive duration (use 90s, 10m, 1h)")
      }
    }
  }

  func run() async throws {
    Console.ignoreBrokenPipes()
    let interruptions = Self.cleanUpOnInterrupt()
    defer { interruptions.forEach { $0.cancel() } }
    let stdoutIsTerminal = isatty(1) == 1
    var options = ScanOptions()
    options.benchmark = benchmark ?? KSPMBeatConfig.defaultBenchmark
    options.kubeconfig = kubeconfig
    options.context = context
    options.manifests = manifests
    options.hostRoot = hostRoot
    options.demo = demo
    options.skipNode = skipNode
    options.skipCluster = skipCluster
    options.clusterID = clusterID
    options.clusterName = clusterName
    options.verbose = verbose
    options.selection = selection(over: RuleSelection())
    options.gate = ScanGate(
      failOn: Set(RuleSelection.split(failOn).compactMap(ScanGate.Condition.init(rawValue:))), minScore: minScore)
    options.format = format ?? (stdoutIsTerminal ? .table : .ndjson)
    options.output = output ?? (options.format == .ndjson ? "-" : nil)
    let useColor = stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let redactor = SecretRedactor(environment: ProcessInfo.processInfo.environment)
    let level = logLevel.flatMap { Logger.Level(rawValue: $0) } ?? (verbose ? .info : .warning)
    LoggingSystem.bootstrap { label in
      var handler = ECSLogHandler(label: label, style: ECSLogHandler.automaticStyle(), redactor: redactor)
      handler.logLevel = level
      return handler
    }
    let diagnostics = ConsoleDiagnostics(verbose: verbose, redact: { redactor.redact($0) })
    var findingsOnStandardOutput = options.output == "-"
    let report: ScanReport
    var progressLine: ProgressLine?
    do {
      if ship {
        options.format = format ?? .table
        options.output = nil
        let shipping = try loadShipOptions(redactor: redactor)
        options.ship = shipping
        apply(shipping.config.scanConfig, to: &options)
        if case .console = shipping.config.output { findingsOnStandardOutput = true }
      } else if config != nil || !overrides.isEmpty {
        apply(try loadScanConfig(redactor: redactor), to: &options)
      }
      if let exceptions { options.exceptions = try loadExceptions(exceptions, benchmark: options.benchmark) }
      if let baseline { options.baseline = try Self.loadBaseline(baseline) }
      // The progress line never mixes with findings written to the same terminal.
      if isatty(2) == 1, !(findingsOnStandardOutput && stdoutIsTerminal) { progressLine = ProgressLine() }
      var progress: (@Sendable (Int, Int) -> Void)?
      if let progressLine { progress = { progressLine.update($0, $1) } }
      report = try await Scanner.run(options, diagnostics: diagnostics, progress: progress)
      progressLine?.finish()
    } catch {
      progressLine?.finish()
      Console.error("kspmbeat: error: \(redactor.redact(Self.describe(error)))")
      throw ExitCode((error as? ScanError)?.exitCode ?? 2)
    }
    for use in report.exceptions {
      if let warning = use.expiryWarning { Console.error("kspmbeat: warning: \(warning)") }
    }
    if let text = Self.summaryText(report, format: options.format, useColor: useColor), !Console.output(text) {
      Console.error("kspmbeat: standard output was closed; the summary was not written")
      throw ExitCode(3)
    }
    if let output = options.output, output != "-" {
      Console.error("kspmbeat: wrote \(report.documents) findings to \(output)")
    }
    if let shipment = report.shipment {
      Console.error(ShipmentText.describe(shipment))
    }
    if stats {
      FileHandle.standardError.write(Data((CycleStatsText.describe(report.cycle) + "\n").utf8))
    }
    if report.exitCode == 1 {
      Console.error("kspmbeat: error: nothing could be scanned")
    }
    for failure in report.gateFailures { Console.error("kspmbeat: failing: \(failure)") }
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }

  /// The `kspmbeat.*` settings of -c/-E without --ship; their secrets are masked in everything logged.
  func loadScanConfig(redactor: SecretRedactor) throws -> ScanConfig {
    try loadConfiguration(redactor: redactor, secrets: \.secretValues) { file, overrides throws(ConfigError) in
      try ScanConfig.load(file: file, overrides: overrides)
    }
  }

  /// Loads -c/-E with `load`, registers the secrets it holds with `redactor` and logs its warnings.
  func loadConfiguration<Config>(
    redactor: SecretRedactor, secrets: (Config) -> [String],
    load: (String?, [String]) throws(ConfigError) -> (config: Config, warnings: [String])
  ) throws -> Config {
    let loaded: (config: Config, warnings: [String])
    do {
      loaded = try load(config, overrides)
    } catch {
      throw ScanError("invalid configuration: \(error)")
    }
    redactor.register(secrets(loaded.config))
    let logger = Logger(label: "kspmbeat")
    for warning in loaded.warnings { logger.warning("configuration: \(warning)") }
    return loaded.config
  }

  /// The report of `report` in `format`; `nil` for NDJSON, which is written as it goes.
  static func summaryText(_ report: ScanReport, format: ScanOptions.Format, useColor: Bool) -> String? {
    switch format {
    case .ndjson: return nil
    case .table:
      return TableReport(
        benchmark: report.benchmark, clusterLabel: report.clusterLabel, nodeLabel: report.nodeLabel, useColor: useColor
      ).render(
        report.summary, coverage: report.coverage, outcomes: report.outcomes, exceptions: report.exceptions,
        diff: report.diff)
    case .json:
      return JSONSummary(benchmark: report.benchmark, clusterLabel: report.clusterLabel, nodeLabel: report.nodeLabel)
        .render(
          report.summary, coverage: report.coverage, outcomes: report.outcomes, exitStatus: report.exitCode,
          gateFailures: report.gateFailures, exceptions: report.exceptions, diff: report.diff)
    case .sarif: return SARIFReport(results(of: report)).render()
    case .junit: return JUnitReport(results(of: report)).render()
    case .html: return HTMLReport(results(of: report)).render()
    }
  }

  static func results(of report: ScanReport) -> ScanResults {
    ScanResults(
      benchmark: report.benchmark, clusterLabel: report.clusterLabel, nodeLabel: report.nodeLabel,
      summary: report.summary, coverage: report.coverage, outcomes: report.outcomes, findings: report.findings,
      exceptions: report.exceptions, diff: report.diff, exitStatus: report.exitCode,
      gateFailures: report.gateFailures, date: report.date, version: Scanner.version)
  }

  /// `--exceptions FILE`; its warnings (unknown keys, patterns matching no rule) are logged.
  func loadExceptions(_ file: String, benchmark: String) throws -> ExceptionList {
    let loaded: (config: ExceptionList, warnings: [String])
    do {
      loaded = try ExceptionList.load(
        file: file, benchmark: benchmark, environment: ProcessInfo.processInfo.environment)
    } catch {
      throw ScanError("invalid exceptions: \(error)")
    }
    for warning in loaded.warnings { Console.error("kspmbeat: warning: exceptions: \(warning)") }
    return loaded.config
  }

  /// `--baseline FILE`: a bad file is a setup error (exit 2) naming the file and the line.
  static func loadBaseline(_ file: String) throws -> BaselineFindings {
    do {
      return try BaselineFindings.read(file)
    } catch {
      throw ScanError(error.description)
    }
  }

  /// The rule selection of the command line, each setting given there replacing `base`'s.
  func selection(over base: RuleSelection) -> RuleSelection {
    var selection = base
    if !rules.isEmpty { selection.rules = RuleSelection.split(rules).map(RuleNumberPattern.init) }
    if !skip.isEmpty { selection.skip = RuleSelection.split(skip).map(RuleNumberPattern.init) }
    if !sections.isEmpty { selection.sections = RuleSelection(sections: RuleSelection.split(sections)).sections }
    if let profile { selection.profile = profile }
    if !target.isEmpty { selection.targets = RuleSelection.split(target) }
    return selection
  }

  /// Settings of the configuration that no command-line flag gave.
  func apply(_ settings: ScanConfig, to options: inout ScanOptions) {
    if benchmark == nil { options.benchmark = settings.benchmark }
    options.selection = selection(over: settings.selection)
    if kubeconfig == nil, options.manifests.isEmpty, !demo { options.kubeconfig = settings.kubeConfig }
    if hostRoot == nil, !demo { options.hostRoot = settings.hostRoot }
    options.dataStreamNamespace = settings.dataStreamNamespace
    options.aws = settings.aws
    options.exceptions = settings.exceptions
  }

  /// The configuration for --ship; its secrets are masked in everything logged.
  func loadShipOptions(redactor: SecretRedactor) throws -> ShipOptions {
    let loaded = try loadConfiguration(redactor: redactor, secrets: \.secretValues) {
      file, overrides throws(ConfigError) in try KSPMBeatConfig.load(file: file, overrides: overrides)
    }
    return ShipOptions(
      config: loaded, timeout: ShipOptions.parseTimeout(shipTimeout) ?? .seconds(600),
      logger: Logger(label: "kspmbeat"))
  }
}

extension ScanCommand {
  /// On SIGINT or SIGTERM, removes the scan's temporary folders (the demo's node and manifests,
  /// copies of streamed manifests) before exiting with 128 + the signal, as a shell expects.
  static func cleanUpOnInterrupt() -> [any DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        DemoEnvironment.removeTemporaryFolders()
        Console.error("kspmbeat: interrupted")
        Glibc.exit(128 + number)
      }
      source.resume()
      return source
    }
  }

  /// An error as a person should read it: never a raw `NSCocoaErrorDomain` or `CancellationError()`.
  static func describe(_ error: any Error) -> String {
    if error is CancellationError { return "the scan was stopped" }
    let text = "\(error)"
    if text.contains("NSCocoaErrorDomain") || text.hasPrefix("Error Domain=") {
      return (error as NSError).localizedDescription
    }
    return text
  }
}

extension ScanOptions.Format: ExpressibleByArgument {}
extension RuleSelection.Profile: ExpressibleByArgument {}
