import Foundation

/// `swift run -c release kspmbeat-bench`:
/// - `[pods…]`: manifest scans with the time per stage (``ManifestBench``; 1,000, 10,000 and
///   100,000 pods by default);
/// - `full [pods…] [-E key=value…]`: the real `kspmbeat scan` from the Kubernetes API test server
///   to the Elasticsearch test server (``FullPathBench``; 10,000 and 100,000 pods by default), with
///   more output settings for the scan if given;
/// - `config [N…]`: config loading time per entry as the file grows (``ConfigBench``);
/// - `output [N]`: the Elasticsearch output alone (``OutputBench``; 100,000 findings by default).
///
/// The other modes are this program's own child processes.
@main
enum BenchMain {
  static func main() async throws {
    do {
      try await run(Array(CommandLine.arguments.dropFirst()))
    } catch let error as BenchError {
      FileHandle.standardError.write(Data("kspmbeat-bench: \(error)\n".utf8))
      exit(1)
    }
  }

  static func run(_ args: [String]) async throws {
    switch args.first {
    case "--child" where args.count == 3:
      try await ManifestBench.child(pods: Int(args[1]) ?? 0, folder: URL(fileURLWithPath: args[2]))
    case "--es-server":
      try await OutputBench.server()
    case "--es-client" where args.count == 3:
      try await OutputBench.client(findings: Int(args[1]) ?? 0, port: Int(args[2]) ?? 0)
    case "--k8s-server" where args.count == 3:
      try await KubernetesServerChild.run(pods: Int(args[1]) ?? 0, kubeconfig: args[2])
    case "config":
      try ConfigBench.run(sizes: sizes(args.dropFirst(), default: ConfigBench.defaultSizes))
    case "output":
      try OutputBench.parent(findings: args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000)
    case "full":
      let rest = Array(args.dropFirst())
      let settings = stride(from: 0, to: rest.count - 1, by: 1).filter { rest[$0] == "-E" }.map { rest[$0 + 1] }
      try FullPathBench.parent(
        sizes: sizes(rest.filter { !settings.contains($0) }[...], default: FullPathBench.defaultSizes),
        settings: settings)
    default:
      try ManifestBench.parent(sizes: sizes(args[...], default: ManifestBench.defaultSizes))
    }
  }

  /// Pod counts from the command line (`10000` or `10_000`), else `defaults`.
  static func sizes(_ arguments: ArraySlice<String>, default defaults: [Int]) -> [Int] {
    let sizes = arguments.compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    return sizes.isEmpty ? defaults : sizes
  }
}
