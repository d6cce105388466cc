import KSPMCore
import YAMLValue

/// The EKS cluster name written in a node's kubelet kubeconfig (EKS AMIs:
/// `/var/lib/kubelet/kubeconfig`), read from its text.
///
/// 1. The `exec` credential plugin of a user: `aws eks get-token … --cluster-name <name>`
///    (also `--cluster-name=<name>`), or `aws-iam-authenticator token -i <name>` (there
///    `-i`/`--cluster-id` is the cluster name; for `aws eks get-token`, `--cluster-id` is the id
///    of a local Outposts cluster, not a name, and is not taken).
/// 2. Else the name of an entry of `clusters[]` that is neither `kubernetes` nor an ARN.
public enum KubeletKubeconfigClusterName {
  /// Where EKS AMIs keep the kubelet kubeconfig, relative to the host root.
  public static let defaultPath = "var/lib/kubelet/kubeconfig"

  /// The cluster name in `text`, or why there is none.
  public static func clusterName(in text: String) -> Result<String, Failure> {
    let document: JSONValue
    do {
      document = try YAMLDocuments.parse(text)
    } catch {
      return .failure(Failure(description: "the kubeconfig is not YAML (\(error))"))
    }
    guard document.objectValue != nil else {
      return .failure(Failure(description: "the kubeconfig is not a YAML mapping"))
    }
    for user in document["users"]?.arrayValue ?? [] {
      guard let exec = user[path: "user", "exec"] else { continue }
      let command = exec["command"]?.stringValue ?? ""
      let args = (exec["args"]?.arrayValue ?? []).compactMap(\.stringValue)
      let flags =
        command.split(separator: "/").last == "aws-iam-authenticator"
        ? ["--cluster-name", "-i", "--cluster-id"] : ["--cluster-name"]
      if let name = value(of: flags, in: args) { return .success(name) }
    }
    for cluster in document["clusters"]?.arrayValue ?? [] {
      guard let name = cluster["name"]?.stringValue, !name.isEmpty, name != "kubernetes", !name.hasPrefix("arn:")
      else { continue }
      return .success(name)
    }
    return .failure(
      Failure(
        description: "the kubeconfig names no cluster: no exec argument --cluster-name and no cluster entry "
          + "other than kubernetes or an ARN"))
  }

  /// Why a kubeconfig gave no name.
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// The value after the first of `flags` in `args` (`--flag value` or `--flag=value`).
  private static func value(of flags: [String], in args: [String]) -> String? {
    for (index, arg) in args.enumerated() {
      for flag in flags {
        if arg == flag, index + 1 < args.count, !args[index + 1].isEmpty { return args[index + 1] }
        if arg.hasPrefix(flag + "="), arg.count > flag.count + 1 { return String(arg.dropFirst(flag.count + 1)) }
      }
    }
    return nil
  }
}
