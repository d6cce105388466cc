import Foundation
import KSPMCore
import YAMLValue

/// Reads and parses the configuration files that process flags name (the kubelet's `--config`).
struct ProcessConfigLoader: Sendable {
  let root: HostRoot
  /// Largest file read, in bytes.
  let limit: Int

  /// The node path for a flag value. Absolute paths are used as they are; a relative path is
  /// taken relative to the node's `/`, because the process's working directory is not known
  /// (cloudbeat does the same). Either way the path is resolved inside the host root.
  static func hostPath(forFlagValue value: String) -> String {
    value.hasPrefix("/") ? value : "/" + value
  }

  /// Reads and parses the file named by a flag value, as YAML or JSON whatever its extension.
  /// Never throws: a failure is recorded in ``KSPMCore/ProcessConfigFile/error`` as one line
  /// naming the path.
  func load(flagValue: String) -> ProcessConfigFile {
    let hostPath = Self.hostPath(forFlagValue: flagValue)
    let bytes: [UInt8]
    do {
      bytes = try root.readFile(hostPath, limit: limit)
    } catch {
      return ProcessConfigFile(path: flagValue, content: nil, error: error.description)
    }
    guard let text = String(bytes: bytes, encoding: .utf8) else {
      return ProcessConfigFile(
        path: flagValue, content: nil, error: "\(root.containerPath(hostPath)): not UTF-8 text")
    }
    do {
      let content = try YAMLDocuments.parse(text)
      // A configuration is a map of settings; anything else cannot be used (and never means
      // "every setting at its default").
      guard case .object = content else {
        let shape = content.isNull ? "empty" : "not a map of settings"
        return ProcessConfigFile(path: flagValue, content: nil, error: "\(root.containerPath(hostPath)): \(shape)")
      }
      return ProcessConfigFile(path: flagValue, content: content)
    } catch {
      return ProcessConfigFile(
        path: flagValue, content: nil, error: "\(root.containerPath(hostPath)): \(error.message)")
    }
  }
}
