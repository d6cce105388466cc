import Benchmarks
import KSPMCore
import Testing

@Suite struct FilePermissionCheckTests {
  @Test(
    "at most 644",
    arguments: [
      (0o644, true), (0o640, true), (0o600, true), (0o400, true), (0o000, true), (0o044, true), (0o004, true),
      (0o664, false), (0o744, false), (0o646, false), (0o645, false), (0o655, false), (0o777, false),
      (0o4644, false), (0o1644, false),
    ] as [(UInt32, Bool)])
  func atMost644(mode: UInt32, passes: Bool) {
    let check = FilePermissionCheck.atMost(0o644)
    let evaluation = check.evaluate(Fixture.file("/etc/kubernetes/admin.conf", mode: mode))
    #expect(evaluation.result == (passes ? .passed : .failed))
    #expect(evaluation.expected == ["filemode": "644"])
  }

  @Test(
    "at most 600 and 700",
    arguments: [
      (0o600, 0o600, true), (0o600, 0o400, true), (0o600, 0o640, false), (0o600, 0o604, false), (0o600, 0o700, false),
      (0o700, 0o700, true), (0o700, 0o500, true), (0o700, 0o750, false), (0o700, 0o701, false),
    ] as [(UInt32, UInt32, Bool)])
  func atMostOthers(limit: UInt32, mode: UInt32, passes: Bool) {
    #expect(FilePermissionCheck.atMost(limit).allows(mode) == passes)
  }

  @Test func exactMode() {
    let check = FilePermissionCheck.exactly(0o600)
    #expect(check.allows(0o600))
    #expect(!check.allows(0o400))
    #expect(!check.allows(0o640))
  }

  @Test func evidenceKeepsThreeDigitsSoOwnerDigitZeroNeverMisaligns() {
    let evaluation = FilePermissionCheck.atMost(0o644).evaluate(Fixture.file("/x", mode: 0o044))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence == ["filemode": "044"])
    let failing = FilePermissionCheck.atMost(0o644).evaluate(Fixture.file("/x", mode: 0o070))
    #expect(failing.result == .failed)
    #expect(failing.evidence == ["filemode": "070"])
  }

  @Test func octalFormatting() {
    #expect(FilePermissionCheck.octal(0o640) == "640")
    #expect(FilePermissionCheck.octal(0o4) == "004")
    #expect(FilePermissionCheck.octal(0o1700) == "1700")
  }
}

@Suite struct FileOwnershipCheckTests {
  @Test(
    "owner and group by name",
    arguments: [
      ("root", "root", true), ("root", "wheel", false), ("kube", "root", false), ("", "", false),
    ])
  func rootRoot(owner: String, group: String, passes: Bool) {
    let evaluation = FileOwnershipCheck(owner: "root", group: "root").evaluate(
      Fixture.file("/etc/kubernetes/admin.conf", mode: 0o600, owner: owner, group: group))
    #expect(evaluation.result == (passes ? .passed : .failed))
    #expect(evaluation.expected == ["owner": "root", "group": "root"])
    #expect(evaluation.evidence["owner"] == .string(owner))
    #expect(evaluation.evidence["group"] == .string(group))
  }

  @Test func unresolvedNamesCarryNumericIDs() {
    let evaluation = FileOwnershipCheck(owner: "etcd", group: "etcd").evaluate(
      Fixture.file("/var/lib/etcd", mode: 0o700, owner: "", group: "", directory: true))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["uid"] == 1000)
    #expect(evaluation.evidence["gid"] == 1000)
  }
}
