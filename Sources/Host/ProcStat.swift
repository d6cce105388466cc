import Foundation
import KSPMCore

/// The fields kspmbeat uses from `/proc/<pid>/stat`.
///
/// `comm` is the text between the first `(` and the **last** `)`, because the kernel writes it
/// unescaped and it may itself contain spaces and parentheses. Field numbers below follow
/// `proc(5)`.
struct ProcStat: Sendable, Hashable {
  var pid: Int32
  /// The kernel's name of the process (at most 15 bytes).
  var comm: String
  /// Field 3.
  var state: String
  /// Field 4.
  var parentPID: Int32
  /// Field 5.
  var processGroup: Int32
  /// Field 14, clock ticks.
  var userTime: UInt64
  /// Field 15, clock ticks.
  var systemTime: UInt64
  /// Field 19.
  var nice: Int64
  /// Field 20.
  var threads: Int64
  /// Field 22, clock ticks after boot.
  var startTicks: UInt64
  /// Field 23, bytes.
  var virtualSize: UInt64
  /// Field 24, pages.
  var residentPages: Int64

  /// Parses the text of a `stat` file; `nil` when it does not have the expected shape.
  init?(_ text: String) {
    guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close,
      let pid = Int32(text[..<open].trimmingCharacters(in: .whitespaces))
    else { return nil }
    self.pid = pid
    comm = String(text[text.index(after: open)..<close])
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    let fields = text[text.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard fields.count >= 22 else { return nil }
    func field(_ number: Int) -> Substring { fields[number - 3] }
    guard let parentPID = Int32(field(4)), let processGroup = Int32(field(5)), let userTime = UInt64(field(14)),
      let systemTime = UInt64(field(15)), let nice = Int64(field(19)), let threads = Int64(field(20)),
      let startTicks = UInt64(field(22)), let virtualSize = UInt64(field(23)), let residentPages = Int64(field(24))
    else { return nil }
    state = String(field(3))
    self.parentPID = parentPID
    self.processGroup = processGroup
    self.userTime = userTime
    self.systemTime = systemTime
    self.nice = nice
    self.threads = threads
    self.startTicks = startTicks
    self.virtualSize = virtualSize
    self.residentPages = residentPages
  }

  /// The fields as cloudbeat's `resource.raw.stat` shows them: PascalCase keys, string values,
  /// sizes in bytes (`ResidentSize` = resident pages × page size), times in clock ticks.
  func cloudbeatFields(pageSize: Int) -> JSONObject {
    var object = JSONObject()
    object.appendUnchecked("Name", .string(comm))
    object.appendUnchecked("State", .string(state))
    object.appendUnchecked("Parent", .string(String(parentPID)))
    object.appendUnchecked("Group", .string(String(processGroup)))
    object.appendUnchecked("Nice", .string(String(nice)))
    object.appendUnchecked("Threads", .string(String(threads)))
    object.appendUnchecked("UserTime", .string(String(userTime)))
    object.appendUnchecked("SystemTime", .string(String(systemTime)))
    object.appendUnchecked("StartTime", .string(String(startTicks)))
    object.appendUnchecked("TotalSize", .string(String(virtualSize)))
    object.appendUnchecked("ResidentSize", .string(String(residentPages * Int64(pageSize))))
    return object
  }
}
