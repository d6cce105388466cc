import ArgumentParser
import Beat
import Foundation

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
      --format ndjson).
      """
  )

  @Option(help: "Benchmark to run: cis_k8s.")
  var benchmark = "cis_k8s"

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

  @Option(help: "Output format: table or ndjson (default: table on a terminal, else ndjson).")
  var format: ScanOptions.Format?

  @Flag(help: "Scan the bundled demo cluster and node instead of a real one.")
  var demo = false

  @Flag(help: "Skip this node's files and processes.")
  var skipNode = false

  @Flag(help: "Skip cluster objects.")
  var skipCluster = false

  @Flag(name: .shortAndLong, help: "Show informational messages on standard error.")
  var verbose = false

  func validate() throws {
    if demo && (!manifests.isEmpty || kubeconfig != nil || hostRoot != nil) {
      throw ValidationError(
        "--demo scans the bundled demo; it cannot be combined with --manifests, --kubeconfig or --host-root")
    }
    if skipNode && skipCluster {
      throw ValidationError("--skip-node and --skip-cluster together leave nothing to scan")
    }
  }

  func run() async throws {
    let stdoutIsTerminal = isatty(1) == 1
    var options = ScanOptions()
    options.benchmark = benchmark
    options.kubeconfig = kubeconfig
    options.context = context
    options.manifests = manifests
    options.hostRoot = hostRoot
    options.demo = demo
    options.skipNode = skipNode
    options.skipCluster = skipCluster
    options.verbose = verbose
    options.format = format ?? (stdoutIsTerminal ? .table : .ndjson)
    options.output = output ?? (options.format == .ndjson ? "-" : nil)
    options.useColor = stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    options.showProgress = isatty(2) == 1
    let diagnostics = ConsoleDiagnostics(verbose: verbose)
    let report: ScanReport
    do {
      report = try await Scanner.run(options, diagnostics: diagnostics)
    } catch {
      FileHandle.standardError.write(Data("kspmbeat: error: \(error)\n".utf8))
      throw ExitCode(2)
    }
    if let table = report.table {
      FileHandle.standardOutput.write(Data(table.utf8))
    }
    if let output = options.output, output != "-" {
      FileHandle.standardError.write(Data("kspmbeat: wrote \(report.documents) findings to \(output)\n".utf8))
    }
    if report.exitCode != 0 {
      FileHandle.standardError.write(Data("kspmbeat: error: nothing could be scanned\n".utf8))
      throw ExitCode(report.exitCode)
    }
  }
}

extension ScanOptions.Format: ExpressibleByArgument {}
