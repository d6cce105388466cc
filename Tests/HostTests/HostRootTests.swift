import Foundation
import Testing

@testable import Host

@Suite struct HostRootTests {
  @Test func joinsNodePathsUnderTheRoot() {
    #expect(HostRoot("/hostfs/").path == "/hostfs")
    #expect(HostRoot("/hostfs").containerPath("/etc/kubernetes/admin.conf") == "/hostfs/etc/kubernetes/admin.conf")
    #expect(HostRoot("/hostfs").containerPath("etc//passwd/") == "/hostfs/etc/passwd")
    #expect(HostRoot("/hostfs").containerPath("/") == "/hostfs")
    #expect(HostRoot("/").containerPath("/etc/passwd") == "/etc/passwd")
    #expect(HostRoot("/").isSystemRoot)
  }

  @Test func defaultRootIsHostfsOnlyWhenItExists() {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: "/hostfs", isDirectory: &isDirectory) && isDirectory.boolValue
    #expect(HostRoot.default().path == (exists ? "/hostfs" : "/"))
  }

  @Test func absoluteLinkTargetsAreTakenInsideTheRoot() throws {
    let fixture = try HostFixture()
    try fixture.write("/etc/shadow", "in-root shadow")
    try fixture.symlink("/etc/kubernetes/link", to: "/etc/shadow")
    #expect(try fixture.root.resolve("/etc/kubernetes/link") == "/etc/shadow")
    #expect(try fixture.root.resolve("/etc/kubernetes/link", followFinalSymlink: false) == "/etc/kubernetes/link")
    #expect(String(decoding: try fixture.root.readFile("/etc/kubernetes/link"), as: UTF8.self) == "in-root shadow")
  }

  @Test func dotDotCannotClimbAboveTheRoot() throws {
    let fixture = try HostFixture()
    try fixture.write("/secret", "in-root")
    // Real location of the sentinel is <base>/outside/secret; from <root>/a/b, "../../../outside"
    // would reach it if `..` could leave the root.
    #expect(FileManager.default.createFile(atPath: fixture.outside + "/secret", contents: Data("OUTSIDE".utf8)))
    try fixture.symlink("/a/b/up", to: "../../../outside/secret")
    #expect(throws: HostFileError(path: fixture.root.containerPath("/a/b/up"), kind: .notFound)) {
      try fixture.root.readFile("/a/b/up")
    }
    #expect(try fixture.root.resolve("/a/../../../secret") == "/secret")
    try fixture.symlink("/a/b/top", to: "../../../../secret")
    #expect(String(decoding: try fixture.root.readFile("/a/b/top"), as: UTF8.self) == "in-root")
  }

  @Test func linkLoopsFailWithAnError() throws {
    let fixture = try HostFixture()
    try fixture.symlink("/etc/a", to: "b")
    try fixture.symlink("/etc/b", to: "/etc/a")
    #expect(throws: HostFileError(path: fixture.root.containerPath("/etc/a/x"), kind: .tooManySymlinks)) {
      try fixture.root.resolve("/etc/a/x")
    }
  }

  @Test func intermediateLinksAreFollowedInsideTheRoot() throws {
    let fixture = try HostFixture()
    try fixture.write("/opt/k8s/admin.conf", "conf")
    try fixture.symlink("/etc/kubernetes", to: "../opt/k8s")
    #expect(try fixture.root.resolve("/etc/kubernetes/admin.conf") == "/opt/k8s/admin.conf")
    // `..` after a link is taken from where the link led (as the kernel does): /opt/k8s/.. is /opt.
    #expect(try fixture.root.resolve("/etc/kubernetes/./../k8s/admin.conf") == "/opt/k8s/admin.conf")
    #expect(throws: HostFileError.self) { try fixture.root.resolve("/etc/kubernetes/../kubernetes/admin.conf") }
  }

  @Test func readingReportsMissingOversizedAndSpecialFilesAsErrors() throws {
    let fixture = try HostFixture()
    try fixture.write("/big", String(repeating: "a", count: 100))
    try fixture.directory("/dir")
    #expect(mkfifo(fixture.real("/fifo"), 0o644) == 0)
    try fixture.write("/file/child-parent", "x")

    func failure(_ path: String, limit: Int = 4096) -> HostFileError? {
      do {
        _ = try fixture.root.readFile(path, limit: limit)
        return nil
      } catch {
        return error
      }
    }
    #expect(failure("/big", limit: 99)?.kind == .tooLarge(limit: 99))
    #expect(try fixture.root.readFile("/big", limit: 100).count == 100)
    #expect(failure("/missing")?.kind == .notFound)
    #expect(failure("/big/below")?.kind == .notFound)
    #expect(failure("/dir")?.kind == .notARegularFile)
    #expect(failure("/fifo")?.kind == .notARegularFile)
    let message = failure("/big", limit: 10)?.description ?? ""
    #expect(message == fixture.root.containerPath("/big") + ": file is larger than 10 bytes")
    #expect(!message.contains("\n"))
  }

  @Test func defaultLimitIsFourMebibytes() throws {
    #expect(HostRoot.configFileLimit == 4 * 1024 * 1024)
    let fixture = try HostFixture()
    try fixture.writeBytes("/huge", [UInt8](repeating: 0x61, count: HostRoot.configFileLimit + 1))
    #expect(throws: HostFileError(path: fixture.root.containerPath("/huge"), kind: .tooLarge(limit: 4_194_304))) {
      try fixture.root.readFile("/huge")
    }
  }
}

@Suite struct HostAccountsTests {
  @Test func mapsIdsToNamesAndSkipsMalformedLines() {
    let accounts = HostAccounts(
      passwd: """
        root:x:0:0:root:/root:/bin/bash
        # comment:x:5:5
        broken line without colons
        nouid:x:abc:1::/:/bin/false
        :x:7:7::/:/bin/false
        +nisuser:x:8:8::/:
        alice:x:1000:1000:Alice:/home/alice:/bin/sh
        shadowed:x:1000:1000::/:/bin/sh

        etcd:x:998:998::/var/lib/etcd:/sbin/nologin
        """,
      group: "root:x:0:\nstaff:x:1001:alice,bob\nbad:x:\netcd:x:998:\n")
    #expect(accounts.userName(0) == "root")
    #expect(accounts.userName(1000) == "alice")
    #expect(accounts.userName(998) == "etcd")
    #expect(accounts.userName(5) == "")
    #expect(accounts.userName(7) == "")
    #expect(accounts.userName(8) == "")
    #expect(accounts.userName(4242) == "")
    #expect(accounts.groupName(1001) == "staff")
    #expect(accounts.groupName(998) == "etcd")
    #expect(accounts.groupName(1000) == "")
  }

  @Test func loadsTheRootsFilesAndWarnsWhenMissing() throws {
    let fixture = try HostFixture()
    try fixture.write("/etc/passwd", "kube:x:1234:1234::/:/bin/false\n")
    let diagnostics = RecordingDiagnostics()
    let accounts = HostAccounts.load(from: fixture.root, diagnostics: diagnostics, collector: "file-system")
    #expect(accounts.userName(1234) == "kube")
    #expect(accounts.groupName(0) == "")
    #expect(diagnostics.warnings.map(\.subject) == [fixture.root.containerPath("/etc/group")])
  }
}
