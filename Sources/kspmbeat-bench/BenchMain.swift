import Foundation

/// `swift run -c release kspmbeat-bench`:
/// - `[pods…]`: manifest scans with the time per stage (``ManifestBench``; 1,000, 10,000 and
///   100,000 pods by default);
/// - `full [pods…]`: the real `kspmbeat scan` from the Kubernetes API test server to the
///   Elasticsearch test server (``FullPathBench``; 10,000 and 100,000 pods by default);
/// - `output [N]`: the Elasticsearch output alone (``OutputBench``; 100,000 findings by default).
///
/// The other modes are this program's own child processes.
@main
enum BenchMain {
  static func main() async throws {
    let args = Array(CommandLine.arguments.dropFirst())
    switch args.first {
    case "--child" where args.count == 3:
      try await ManifestBench.child(pods: Int(args[1]) ?? 0, folder: URL(fileURLWithPath: args[2]))
    case "--es-server":
      try await OutputBench.server()
    case "--es-client" where args.count == 3:
      try await OutputBench.client(findings: Int(args[1]) ?? 0, port: Int(args[2]) ?? 0)
    case "--k8s-server" where args.count == 3:
      try await KubernetesServerChild.run(pods: Int(args[1]) ?? 0, kubeconfig: args[2])
    case "output":
      try OutputBench.parent(findings: args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000)
    case "full":
      try FullPathBench.parent(sizes: sizes(args.dropFirst(), default: FullPathBench.defaultSizes))
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
