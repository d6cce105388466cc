import Foundation

/// The bundled demo, laid out in a temporary folder: manifests plus a node snapshot.
public struct DemoEnvironment {
  static let nodeUID = "2f8a7c6e-5b4d-4a3c-9e2f-1d0c9b8a7f6e"

  /// The start of this process's temporary folder names (`kspmbeat-demo-<pid>-`), so that an
  /// interrupted scan can remove them (``removeTemporaryFolders()``).
  public static var temporaryPrefix: String { "kspmbeat-demo-\(ProcessInfo.processInfo.processIdentifier)-" }

  /// Removes what this process left in the temporary folder: demo node and manifests, copies of
  /// streamed manifests.
  public static func removeTemporaryFolders() {
    let pid = ProcessInfo.processInfo.processIdentifier
    let temporary = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    for name in names where name.hasPrefix(temporaryPrefix) || name.hasPrefix("kspmbeat-manifests-\(pid)-") {
      try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
  }

  var folder: URL
  var manifests: URL
  var hostRoot: URL

  /// Writes the demo cluster's manifests and node snapshot; the caller removes `folder`.
  static func prepare() throws -> DemoEnvironment {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(temporaryPrefix)\(UUID().uuidString)")
    let manifests = folder.appendingPathComponent("manifests")
    let hostRoot = folder.appendingPathComponent("node")
    do {
      try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
      let files = [
        ("00-cluster.yaml", DemoManifests.namespaces), ("10-serviceaccounts.yaml", DemoManifests.serviceAccounts),
        ("20-rbac.yaml", DemoManifests.rbac), ("30-pods.yaml", DemoManifests.pods),
      ]
      for (name, text) in files {
        try Data(text.utf8).write(to: manifests.appendingPathComponent(name))
      }
      try DemoNode.build(at: hostRoot)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw ScanError("cannot set up the demo in \(folder.path): \(error)")
    }
    return DemoEnvironment(folder: folder, manifests: manifests, hostRoot: hostRoot)
  }
}
