import Foundation
import Host
import Testing

/// Components of node paths, and the names of the traps in the fuzz root.
let hostPathDictionary = [
  "/", "..", ".", "//", "/../", "etc", "kubernetes", "manifests", "kube-apiserver.yaml", "absolute", "relative",
  "escape", "loop", "proc", "self", "1", "passwd", "outside", "\0", "~", "%2e%2e", "../../../../..",
]

extension FuzzTests {
  /// Node paths resolved and read inside a root full of links that point out of it: nothing
  /// outside the root is ever reached.
  @Test func hostPaths() async throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-fuzz-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let root = base.appendingPathComponent("root")
    let outside = base.appendingPathComponent("outside")
    let manager = FileManager.default
    for folder in ["etc/kubernetes/manifests", "proc/1", "var"] {
      try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try manager.createDirectory(at: outside, withIntermediateDirectories: true)
    let outsideMarker = "this file is outside the root"
    try Data(outsideMarker.utf8).write(to: outside.appendingPathComponent("passwd"))
    try Data(outsideMarker.utf8).write(to: base.appendingPathComponent("passwd"))
    try Data("kind: Pod\n".utf8).write(to: root.appendingPathComponent("etc/kubernetes/manifests/kube-apiserver.yaml"))
    let links = [
      ("etc/absolute", outside.path),  // an absolute target: inside the root it is <root>/<outside>
      ("etc/relative", "../../outside"),
      ("etc/escape", "../../../../../../../../.."),
      ("proc/1/root", "/"),
      ("proc/self", "1"),
      ("var/loop", "loop"),
      ("var/outside", "../../outside/passwd"),
    ]
    for (path, target) in links {
      try manager.createSymbolicLink(atPath: root.appendingPathComponent(path).path, withDestinationPath: target)
    }
    let hostRoot = HostRoot(root.path)
    let realRoot = root.resolvingSymlinksInPath().path
    let fuzzer = Fuzzer(
      target: "host-path", seeds: try fuzzSeeds("host-path") + hostPathDictionary.map { Array($0.utf8) },
      dictionary: hostPathDictionary, maxLength: 4096)
    let report = await fuzzer.run { bytes in
      var outcome = FuzzOutcome()
      let path = String(decoding: bytes, as: UTF8.self)
      if let resolved = try? hostRoot.resolve(path) {
        outcome.accepted = true
        let components = resolved.split(separator: "/")
        outcome.check(resolved.hasPrefix("/"), "\(path) resolved to the relative \(resolved)")
        outcome.check(!components.contains("..") && !components.contains("."), "\(path) resolved to \(resolved)")
        let real = URL(fileURLWithPath: hostRoot.containerPath(resolved)).resolvingSymlinksInPath().path
        outcome.check(real == realRoot || real.hasPrefix(realRoot + "/"), "\(path) resolved outside the root: \(real)")
      }
      if let content = try? hostRoot.readFile(path, limit: 4096) {
        outcome.check(String(decoding: content, as: UTF8.self) != outsideMarker, "\(path) read a file outside the root")
      }
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }
}
