import Foundation
import KSPMCore

#if canImport(Glibc)
  import Glibc
#endif

/// Facts about the machine kspmbeat runs on, for `host.*`, `agent.*` and node ids.
public enum HostIdentity {
  /// The node name: `NODE_NAME` (set from `spec.nodeName` in the DaemonSet), else the host name.
  public static func nodeName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let name = environment["NODE_NAME"], !name.isEmpty { return name }
    return hostname()
  }

  public static func hostname() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `host.*` from `uname` and the given names.
  public static func hostInfo(name: String, machineID: String?) -> HostInfo {
    var info = utsname()
    uname(&info)
    func field<T>(_ value: T) -> String {
      withUnsafeBytes(of: value) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
    }
    return HostInfo(
      name: name, hostname: hostname(), architecture: field(info.machine), osName: field(info.sysname),
      osKernel: field(info.release), id: machineID)
  }

  /// `/etc/machine-id` of the node under `root`, when readable.
  public static func machineID(underRoot root: String) -> String? {
    guard let data = try? HostRoot(root).readFile("/etc/machine-id", limit: 255) else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}
