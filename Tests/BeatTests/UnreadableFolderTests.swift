import Foundation
import TestSupport
import Testing

/// A folder of manifests with a subfolder the scanner may not list: the rest is scanned, and
/// the subfolder is named in a warning (it is never taken as "no manifests there").
@Suite struct UnreadableFolderTests {
  @Test func aSubfolderThatCannotBeListedIsReportedAndTheRestIsScanned() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unreadable-\(UUID().uuidString)")
    let locked = dir.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    defer {
      chmod(locked.path, 0o755)
      try? FileManager.default.removeItem(at: dir)
    }
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME, namespace: a}\nspec: {containers: [{name: c}]}\n"
    try pod.replacingOccurrences(of: "NAME", with: "visible").write(
      to: dir.appendingPathComponent("visible.yaml"), atomically: true, encoding: .utf8)
    try pod.replacingOccurrences(of: "NAME", with: "hidden-by-permissions").write(
      to: locked.appendingPathComponent("locked.yaml"), atomically: true, encoding: .utf8)
    #expect(chmod(locked.path, 0) == 0)

    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("kspmbeat").path
    let scan = [binary, "scan", "--manifests", dir.path, "--format", "ndjson"]
    // Root lists any folder: run the scan as `nobody` then, as a DaemonSet without root would.
    let result =
      getuid() == 0
      ? try await ChildProcess.run(
        "/usr/bin/setpriv", arguments: ["--reuid=65534", "--regid=65534", "--clear-groups"] + scan)
      : try await ChildProcess.run(binary, arguments: Array(scan.dropFirst()))
    #expect(result.stderr.contains("\(locked.path): cannot list the folder: Permission denied"), "\(result.stderr)")
    #expect(result.stdout.contains("\"name\":\"visible\""))
    #expect(!result.stdout.contains("hidden-by-permissions"))
  }
}
