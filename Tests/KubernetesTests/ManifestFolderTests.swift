import Foundation
import KSPMCore
import Testing

@testable import Kubernetes

/// Folders of manifests: everything below is read or reported, never passed over in silence.
@Suite struct ManifestFolderTests {
  let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME, namespace: a}\nspec: {containers: [{name: c}]}\n"

  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func collect(_ path: String) async throws -> (names: [String], warnings: WarningLines) {
    let warnings = WarningLines()
    let sink = LockedResources()
    try await ManifestCollector(paths: [path], kinds: [.pod]).collect(diagnostics: warnings) { sink.add($0) }
    return (sink.all.map(\.name).sorted(), warnings)
  }

  @Test func aNameThatIsNotUTF8IsReportedWithItsBytesShown() async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    try pod.replacingOccurrences(of: "NAME", with: "ok").write(
      to: dir.appendingPathComponent("ok.yaml"), atomically: true, encoding: .utf8)
    let badName = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".yaml".utf8) + [0]
    let handle = badName.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    }
    #expect(handle >= 0)
    close(handle)
    let (names, warnings) = try await collect(dir.path)
    #expect(names == ["ok"])
    #expect(warnings.all == ["\(dir.path)/caf\\xE9.yaml: the name is not UTF-8 text: skipped"])
  }

  /// A ConfigMap mounted as a folder: each file is a link into a hidden `..data` folder. Each
  /// object is read once, through its link, and the hidden copies are counted, not read.
  @Test func aConfigMapMountIsReadOnceThroughItsLinks() async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fm = FileManager.default
    let timestamped = dir.appendingPathComponent("..2026_12_03_10_00_00.123")
    try fm.createDirectory(at: timestamped, withIntermediateDirectories: true)
    try pod.replacingOccurrences(of: "NAME", with: "web").write(
      to: timestamped.appendingPathComponent("web.yaml"), atomically: true, encoding: .utf8)
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("..data").path, withDestinationPath: timestamped.lastPathComponent)
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("web.yaml").path, withDestinationPath: "..data/web.yaml")
    let (names, warnings) = try await collect(dir.path)
    #expect(names == ["web"])
    #expect(warnings.all.isEmpty)
    #expect(warnings.infos.contains("\(dir.path): 2 hidden entries (names starting with \".\") not read"))
  }

  @Test func linksToFoldersAndBrokenLinksAreReported() async throws {
    let dir = try folder()
    let elsewhere = try folder()
    defer {
      try? FileManager.default.removeItem(at: dir)
      try? FileManager.default.removeItem(at: elsewhere)
    }
    try pod.replacingOccurrences(of: "NAME", with: "ok").write(
      to: dir.appendingPathComponent("ok.yml"), atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("more").path, withDestinationPath: elsewhere.path)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("gone.yaml").path, withDestinationPath: "/nonexistent/gone.yaml")
    let (names, warnings) = try await collect(dir.path + "/")
    #expect(names == ["ok"])
    #expect(
      warnings.all.sorted() == [
        "\(dir.path)/gone.yaml: a link that leads nowhere: No such file or directory",
        "\(dir.path)/more: a link to a folder: not followed (name the folder itself to read it)",
      ])
  }

  @Test(arguments: ["", "# nothing here\n", "---\n---\n", "{\"kind\": \"PodList\", \"items\": []}"])
  func anEmptyManifestIsReported(content: String) async throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = dir.appendingPathComponent(content.hasPrefix("{") ? "empty.json" : "empty.yaml")
    try content.write(to: empty, atomically: true, encoding: .utf8)
    try (pod.replacingOccurrences(of: "NAME", with: "ok") + "---\n").write(
      to: dir.appendingPathComponent("ok.yaml"), atomically: true, encoding: .utf8)
    let (names, warnings) = try await collect(dir.path)
    #expect(names == ["ok"])
    #expect(warnings.all == ["\(empty.path): empty manifest: no objects"])
  }

  @Test func escapingKeepsValidTextAndShowsOtherBytes() {
    #expect(ManifestFolder.escaped(Array("plain".utf8)) == "plain")
    #expect(ManifestFolder.escaped([0x61, 0xFF, 0xFE, 0x62]) == "a\\xFF\\xFEb")
    #expect(ManifestFolder.escaped(Array("é€".utf8) + [0xC3]) == "é€\\xC3")
  }

  @Test func countsAreGroupedByThousands() {
    #expect(ManifestPass.grouped(7) == "7")
    #expect(ManifestPass.grouped(1000) == "1,000")
    #expect(ManifestPass.grouped(1_000_000) == "1,000,000")
    #expect(ManifestPass.grouped(123_456) == "123,456")
  }
}
