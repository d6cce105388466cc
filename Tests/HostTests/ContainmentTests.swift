import Foundation
import KSPMCore
import Testing

@testable import Host

/// No path under the host root leads out of it, whatever folder on the way is a link: the node
/// controls those links, and kspmbeat must never read the container's (or another host's) files.
@Suite struct ContainmentTests {
  @Test func anIntermediateFolderLinkedToAnAbsolutePathIsFollowedInsideTheRoot() throws {
    let fixture = try HostFixture()
    try "outside".write(toFile: fixture.outside + "/cmdline", atomically: true, encoding: .utf8)
    try fixture.write("/elsewhere/cmdline", "inside")
    // /proc/300 → <absolute path of the folder outside the root>
    try fixture.symlink("/proc/300", to: fixture.outside)
    #expect(throws: HostFileError.self) { try fixture.root.readFile("/proc/300/cmdline") }
    // An absolute target means the root's own folder.
    try fixture.symlink("/proc/301", to: "/elsewhere")
    #expect(String(decoding: try fixture.root.readFile("/proc/301/cmdline"), as: UTF8.self) == "inside")
  }

  @Test func anIntermediateFolderLinkedUpwardsStopsAtTheRoot() throws {
    let fixture = try HostFixture()
    try "outside".write(toFile: fixture.outside + "/cmdline", atomically: true, encoding: .utf8)
    try fixture.write("/outside/cmdline", "the root's own /outside")
    // Relative: climbs past the root, which stays the root (as in a chroot).
    try fixture.symlink("/proc/302", to: "../../../../../../../outside")
    #expect(
      String(decoding: try fixture.root.readFile("/proc/302/cmdline"), as: UTF8.self) == "the root's own /outside")
    // Through two links, one of them inside a folder that is itself a link.
    try fixture.symlink("/a", to: "/b/c")
    try fixture.symlink("/b", to: "../../..")
    try fixture.write("/c/d", "c/d inside")
    #expect(String(decoding: try fixture.root.readFile("/a/../c/d"), as: UTF8.self) == "c/d inside")
  }

  @Test func theProcessCollectorNeverReadsAProcessFolderThatPointsOutOfTheRoot() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try proc.process(401, comm: "etcd", argv: ["/usr/bin/etcd", "--name=inside"])
    // A real /proc/<pid> folder outside the root with an etcd that must never be seen.
    let foreign = fixture.outside + "/402"
    try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
    try Data("/usr/bin/etcd\0--name=OUTSIDE\0".utf8).write(to: URL(fileURLWithPath: foreign + "/cmdline"))
    try Data("402 (etcd) S 1 402 402 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0".utf8).write(
      to: URL(fileURLWithPath: foreign + "/stat"))
    try fixture.symlink("/proc/402", to: foreign)
    let collector = ProcessCollector(root: fixture.root, processes: [ProcessSpec(name: "etcd")])
    let found = try await collectAll(collector, diagnostics: RecordingDiagnostics()).compactMap(\.process)
    #expect(found.map(\.pid) == [401])
    #expect(!found.contains { $0.arguments.contains("--name=OUTSIDE") })
  }

  @Test func theMachineIDIsReadInsideTheRoot() throws {
    let fixture = try HostFixture()
    try "outside-machine-id".write(toFile: fixture.outside + "/machine-id", atomically: true, encoding: .utf8)
    try fixture.symlink("/etc", to: fixture.outside)
    #expect(HostIdentity.machineID(underRoot: fixture.root.path) == nil)
    try FileManager.default.removeItem(atPath: fixture.real("/etc"))
    try fixture.write("/etc/machine-id", "inside-id\n")
    #expect(HostIdentity.machineID(underRoot: fixture.root.path) == "inside-id")
  }
}

/// etcd's data directory is judged only where etcd runs: a container runtime creates an empty
/// folder for a mount that does not exist on the node, and that folder is not etcd's.
@Suite struct ConditionalPatternTests {
  @Test func aPatternThatNeedsAProcessIsCollectedOnlyWhereItRuns() async throws {
    let fixture = try HostFixture()
    try fixture.directory("/var/lib/etcd", mode: 0o755)
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try proc.process(10, comm: "kubelet", argv: ["/usr/bin/kubelet"])
    let collector = FileCollector(
      root: fixture.root, patterns: ["/var/lib/etcd/**"], conditions: ["/var/lib/etcd/**": "etcd"])
    #expect(try await collectAll(collector).isEmpty, "no etcd on this node")
    try proc.process(11, comm: "etcd", argv: ["/usr/local/bin/etcd", "--data-dir=/var/lib/etcd"])
    #expect(try await collectAll(collector).map(\.name) == [fixture.real("/var/lib/etcd")])
  }
}
