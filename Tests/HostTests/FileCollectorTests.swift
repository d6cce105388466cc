import Foundation
import KSPMCore
import Testing

@testable import Host

@Suite struct FileCollectorTests {
  /// A node with accounts: uid 1000 alice, gid 1001 staff; uid/gid 2000 unknown.
  private func node() throws -> HostFixture {
    let fixture = try HostFixture()
    try fixture.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n")
    try fixture.write("/etc/group", "root:x:0:\nstaff:x:1001:alice\n")
    return fixture
  }

  private func files(_ resources: [Resource]) -> [String: FileResource] {
    Dictionary(resources.compactMap(\.file).map { ($0.hostPath, $0) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func readsModesExactly() async throws {
    let fixture = try node()
    let modes: [String: Int] = [
      "/etc/kubernetes/admin.conf": 0o600, "/etc/kubernetes/kubelet.conf": 0o640,
      "/etc/kubernetes/manifests/etcd.yaml": 0o644, "/etc/kubernetes/scheduler.conf": 0o400,
    ]
    for (path, mode) in modes { try fixture.write(path, "apiVersion: v1\n", mode: mode) }
    try fixture.directory("/var/lib/etcd", mode: 0o700)
    let collector = FileCollector(root: fixture.root, patterns: Array(modes.keys) + ["/var/lib/etcd"])
    let found = files(try await collectAll(collector))
    #expect(found.count == 5)
    for (path, mode) in modes {
      #expect(found[path]?.mode == UInt32(mode), "\(path)")
      #expect(found[path]?.isDirectory == false)
    }
    let etcd = try #require(found["/var/lib/etcd"])
    #expect(etcd.mode == 0o700)
    #expect(etcd.modeString == "700")
    #expect(etcd.isDirectory)
    #expect(Resource.file(etcd).subType == "directory")
  }

  @Test func reportsPathsSizesInodesAndTimes() async throws {
    let fixture = try node()
    let real = try fixture.write("/etc/kubernetes/admin.conf", "0123456789", mode: 0o600)
    let modified = Date(timeIntervalSince1970: 1_600_000_000)
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: real)
    let resources = try await collectAll(FileCollector(root: fixture.root, patterns: ["/etc/kubernetes/admin.conf"]))
    let resource = try #require(resources.first)
    #expect(resources.count == 1)
    #expect(resource.type == .file)
    #expect(resource.subType == "file")
    #expect(resource.name == real)
    #expect(resource.rawID == real)
    let file = try #require(resource.file)
    #expect(file.path == fixture.root.containerPath("/etc/kubernetes/admin.conf"))
    #expect(file.hostPath == "/etc/kubernetes/admin.conf")
    #expect(file.name == "admin.conf")
    #expect(file.size == 10)
    #expect(file.inode == (try fixture.inode(ofReal: real)))
    #expect(file.modified == modified)
    #expect(file.accessed != nil)
    #expect(file.changed.map { abs($0.timeIntervalSinceNow) < 600 } == true)
  }

  @Test func resolvesOwnerAndGroupNamesFromTheNodesFiles() async throws {
    let fixture = try node()
    try fixture.write("/etc/kubernetes/root.conf", mode: 0o600, uid: 0, gid: 0)
    try fixture.write("/etc/kubernetes/alice.conf", mode: 0o600, uid: 1000, gid: 1001)
    try fixture.write("/etc/kubernetes/unknown.conf", mode: 0o600, uid: 2000, gid: 2000)
    let found = files(try await collectAll(FileCollector(root: fixture.root, patterns: ["/etc/kubernetes/*.conf"])))
    #expect(found["/etc/kubernetes/root.conf"].map { [$0.owner, $0.group] } == ["root", "root"])
    let alice = try #require(found["/etc/kubernetes/alice.conf"])
    #expect([alice.owner, alice.group] == ["alice", "staff"])
    #expect([alice.uid, alice.gid] == [1000, 1001])
    let unknown = try #require(found["/etc/kubernetes/unknown.conf"])
    #expect([unknown.owner, unknown.group] == ["", ""])
    #expect([unknown.uid, unknown.gid] == [2000, 2000])
  }

  @Test func doubleStarWalksTheDirectoryItselfAndEverythingBelow() async throws {
    let fixture = try node()
    try fixture.directory("/etc/kubernetes/pki", mode: 0o755)
    try fixture.write("/etc/kubernetes/pki/ca.crt", mode: 0o644)
    try fixture.write("/etc/kubernetes/pki/ca.key", mode: 0o600)
    try fixture.write("/etc/kubernetes/pki/etcd/server.key", mode: 0o600)
    try fixture.write("/etc/kubernetes/pki/etcd/deep/er/leaf.pem", mode: 0o400)
    try fixture.write("/etc/kubernetes/other.conf")
    let found = files(try await collectAll(FileCollector(root: fixture.root, patterns: ["/etc/kubernetes/pki/**"])))
    #expect(
      Set(found.keys) == [
        "/etc/kubernetes/pki", "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
        "/etc/kubernetes/pki/etcd", "/etc/kubernetes/pki/etcd/server.key", "/etc/kubernetes/pki/etcd/deep",
        "/etc/kubernetes/pki/etcd/deep/er", "/etc/kubernetes/pki/etcd/deep/er/leaf.pem",
      ])
    #expect(found["/etc/kubernetes/pki"]?.isDirectory == true)
    #expect(found["/etc/kubernetes/pki/etcd/deep/er/leaf.pem"]?.mode == 0o400)
    #expect(found["/etc/kubernetes/pki/ca.key"]?.mode == 0o600)
    #expect(
      found["/etc/kubernetes/pki/etcd/server.key"]?.path
        == fixture.root.containerPath("/etc/kubernetes/pki/etcd/server.key"))
  }

  @Test func wildcardsMatchWithinOneComponent() async throws {
    let fixture = try node()
    try fixture.write("/etc/kubernetes/manifests/kube-apiserver.yaml")
    try fixture.write("/etc/kubernetes/manifests/etcd.yaml")
    try fixture.write("/etc/kubernetes/manifests/notes.txt")
    try fixture.write("/etc/kubernetes/manifests/sub/nested.yaml")
    try fixture.write("/etc/kubernetes/pki/ca.crt")
    try fixture.write("/etc/kubernetes/pki/etcd/ca.crt")
    let found = files(
      try await collectAll(
        FileCollector(
          root: fixture.root, patterns: ["/etc/kubernetes/manifests/*.yaml", "/etc/kubernetes/*/etcd/ca.crt"])))
    #expect(
      Set(found.keys) == [
        "/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/manifests/etcd.yaml",
        "/etc/kubernetes/pki/etcd/ca.crt",
      ])
  }

  @Test func missingPathsYieldNothingAndNoWarning() async throws {
    let fixture = try node()
    let diagnostics = RecordingDiagnostics()
    let resources = try await collectAll(
      FileCollector(
        root: fixture.root,
        patterns: ["/etc/kubernetes/admin.conf", "/var/lib/etcd", "/etc/kubernetes/pki/**", "/nope/*/x.yaml"]),
      diagnostics: diagnostics)
    #expect(resources.isEmpty)
    #expect(diagnostics.warnings.isEmpty)
  }

  @Test func linksNeverReachOutsideTheRoot() async throws {
    let fixture = try node()
    let sentinel = fixture.outside + "/sentinel"
    try "OUTSIDE".write(toFile: sentinel, atomically: false, encoding: .utf8)
    let sentinelInode = try fixture.inode(ofReal: sentinel)
    let inRootShadow = try fixture.write("/etc/shadow", "root-shadow", mode: 0o640)
    // Absolute targets are taken inside the root.
    try fixture.symlink("/etc/kubernetes/shadow-link", to: "/etc/shadow")
    try fixture.symlink("/etc/kubernetes/abs-out", to: sentinel)
    // Relative targets cannot climb above the root: from <root>/etc/kubernetes, three `..` would
    // reach <base>, and <base>/outside/sentinel is the sentinel.
    try fixture.symlink("/etc/kubernetes/rel-out", to: "../../../outside/sentinel")
    try fixture.symlink("/etc/kubernetes/pki/out-dir", to: "../../../../outside")
    try fixture.write("/etc/kubernetes/pki/ca.crt")
    let diagnostics = RecordingDiagnostics()
    let resources = try await collectAll(
      FileCollector(
        root: fixture.root,
        patterns: [
          "/etc/kubernetes/shadow-link", "/etc/kubernetes/abs-out", "/etc/kubernetes/rel-out",
          "/etc/kubernetes/pki/**", "/etc/kubernetes/pki/out-dir/sentinel",
        ]),
      diagnostics: diagnostics)
    let found = files(resources)
    #expect(!resources.compactMap(\.file).contains { $0.inode == sentinelInode })
    #expect(!resources.compactMap(\.file).contains { $0.path.contains("sentinel") })
    #expect(found["/etc/kubernetes/shadow-link"]?.inode == (try fixture.inode(ofReal: inRootShadow)))
    #expect(found["/etc/kubernetes/shadow-link"]?.mode == 0o640)
    #expect(found["/etc/kubernetes/abs-out"] == nil)
    #expect(found["/etc/kubernetes/rel-out"] == nil)
    #expect(Set(found.keys) == ["/etc/kubernetes/shadow-link", "/etc/kubernetes/pki", "/etc/kubernetes/pki/ca.crt"])
    #expect(diagnostics.warnings.isEmpty)
  }

  @Test func linkLoopsAreWarnedAboutAndDoNotHang() async throws {
    let fixture = try node()
    try fixture.symlink("/etc/loop/a", to: "b")
    try fixture.symlink("/etc/loop/b", to: "/etc/loop/a")
    try fixture.write("/etc/kubernetes/pki/ca.crt")
    try fixture.symlink("/etc/kubernetes/pki/self", to: ".")
    try fixture.symlink("/etc/kubernetes/pki/parent", to: "..")
    let diagnostics = RecordingDiagnostics()
    let resources = try await collectAll(
      FileCollector(root: fixture.root, patterns: ["/etc/loop/a", "/etc/kubernetes/pki/**"]),
      diagnostics: diagnostics)
    let found = files(resources)
    #expect(found["/etc/loop/a"] == nil)
    #expect(diagnostics.warnings.count == 1)
    #expect(diagnostics.warnings.first?.subject == fixture.root.containerPath("/etc/loop/a"))
    #expect(diagnostics.warnings.first?.message == "too many levels of symbolic links")
    #expect(diagnostics.warnings.first?.collector == "file-system")
    // Linked directories are reported (as their targets) but never entered.
    #expect(
      Set(found.keys) == [
        "/etc/kubernetes/pki", "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/self",
        "/etc/kubernetes/pki/parent",
      ])
    #expect(found["/etc/kubernetes/pki/self"]?.isDirectory == true)
  }

  @Test func emitsInPagesAndReportsEachPathOnce() async throws {
    let fixture = try node()
    for i in 0..<250 { try fixture.write("/etc/kubernetes/pki/f\(i).crt") }
    let pages = try await collectPages(
      FileCollector(
        root: fixture.root, patterns: ["/etc/kubernetes/pki", "/etc/kubernetes/pki/**", "/etc/kubernetes/pki/f1.crt"]))
    #expect(pages.map(\.count) == [100, 100, 51])
    let paths = pages.flatMap { $0 }.compactMap(\.file?.hostPath)
    #expect(Set(paths).count == 251)
  }

  @Test func walkLimitsStopTheWalkWithAWarning() async throws {
    let fixture = try node()
    try fixture.write("/deep/1/2/3/4/leaf")
    for i in 0..<20 { try fixture.write("/wide/f\(i)") }
    let diagnostics = RecordingDiagnostics()
    let found = files(
      try await collectAll(
        FileCollector(
          root: fixture.root, patterns: ["/deep/**", "/wide/**"],
          limits: .init(maxDepth: 2, maxEntriesPerPattern: 10, pageSize: 3)),
        diagnostics: diagnostics))
    #expect(Set(found.keys.filter { $0.hasPrefix("/deep") }) == ["/deep", "/deep/1", "/deep/1/2"])
    #expect(found.keys.filter { $0.hasPrefix("/wide") }.count == 10)
    #expect(
      diagnostics.warnings.map(\.subject) == [
        fixture.root.containerPath("/deep/**"), fixture.root.containerPath("/wide/**"),
      ])
    #expect(diagnostics.warnings.first?.message.contains("deeper than 2") == true)
    #expect(diagnostics.warnings.last?.message.contains("after 10 entries") == true)
  }

  @Test func systemRootReportsNodePathsAsTheyAre() async throws {
    let fixture = try node()
    let real = try fixture.write("/etc/kubernetes/admin.conf", mode: 0o600)
    let resources = try await collectAll(FileCollector(root: HostRoot("/"), patterns: [real]))
    let file = try #require(resources.first?.file)
    #expect(file.path == real)
    #expect(file.hostPath == real)
    #expect(file.mode == 0o600)
  }

  @Test func collectorIdentity() {
    let collector = FileCollector(root: HostRoot("/hostfs"), patterns: [])
    #expect(collector.name == "file-system")
    #expect(collector.scope == .node)
  }
}
