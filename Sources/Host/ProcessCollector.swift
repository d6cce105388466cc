import Foundation
import KSPMCore

/// Collects the wanted processes of the node from `<root>/proc` (`process` in cloudbeat).
///
/// A process is wanted when the base name of its `argv[0]` equals a ``KSPMCore/ProcessSpec``
/// name. Only when `argv[0]` gives no name (an emptied title) is the kernel's `comm` compared,
/// and only when it is shorter than the 15 bytes the kernel keeps, so Calico's `kube-controllers`
/// and `kube-controller-manager`, both `kube-controller` in `comm`, are never confused. Kernel
/// threads (empty `cmdline`) are skipped. A relative config path is taken relative to the node's
/// `/`, since the process's working directory is not known. For each matched process the flags listed in the spec's `configFlags` are looked up
/// (last occurrence wins), the files they name are read under the host root (at most
/// ``Options/configFileLimit`` bytes) and parsed as YAML or JSON into
/// ``KSPMCore/ProcessResource/configFiles``; a file that cannot be used is recorded there with
/// its error and reported to the diagnostics, and the process is still emitted.
///
/// Processes that exit during the walk, or whose `stat` cannot be read or parsed, are skipped
/// without a report. Only a missing or unreadable `<root>/proc` makes ``collect(diagnostics:emit:)``
/// throw.
public struct ProcessCollector: ResourceCollector {
  /// Tunables of one collection.
  public struct Options: Sendable, Hashable {
    /// Resources per `emit` call.
    public var pageSize: Int
    /// Largest configuration file read, in bytes; 4 MiB by default.
    public var configFileLimit: Int
    /// Largest `cmdline` read, in bytes; 4 MiB by default (Linux's argument limit is lower).
    public var commandLineLimit: Int
    /// `USER_HZ`, the unit of the tick counts in `stat`; 100 on every Linux architecture.
    public var clockTicksPerSecond: Int

    /// Options with cloudbeat-compatible defaults.
    public init(
      pageSize: Int = 100, configFileLimit: Int = HostRoot.configFileLimit,
      commandLineLimit: Int = 4 * 1024 * 1024, clockTicksPerSecond: Int = 100
    ) {
      self.pageSize = pageSize
      self.configFileLimit = configFileLimit
      self.commandLineLimit = commandLineLimit
      self.clockTicksPerSecond = clockTicksPerSecond
    }
  }

  /// `process`, cloudbeat's fetcher name.
  public var name: String { "process" }
  /// `.node`: every node collects its own processes.
  public var scope: CollectionScope { .node }

  /// Where the node's file system (and its `/proc`) is mounted.
  public let root: HostRoot
  /// The wanted processes.
  public let processes: [ProcessSpec]
  /// Tunables.
  public let options: Options
  private let now: @Sendable () -> Date

  /// A collector for `processes` (usually ``KSPMCore/CollectionPlan/processes``) under `root`.
  ///
  /// - Parameter now: the clock used with `<root>/proc/uptime` to date process starts.
  public init(
    root: HostRoot, processes: [ProcessSpec], options: Options = Options(),
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.root = root
    self.processes = processes
    self.options = options
    self.now = now
  }

  /// Emits the wanted processes, ordered by pid, in pages of ``Options/pageSize``.
  ///
  /// - Throws: ``HostFileError`` when `<root>/proc` cannot be resolved or listed; cancellation.
  public func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    let matcher = ProcessMatcher(processes)
    guard !matcher.isEmpty else { return }
    let procDirectory = root.containerPath(try root.resolve("/proc"))
    let pids = try FileSystemCalls.listDirectory(procDirectory).compactMap { name -> Int32? in
      guard name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
      return Int32(name)
    }.sorted()
    let clock = ProcessClock(
      now: now(), uptime: readUptime(diagnostics: diagnostics),
      ticksPerSecond: options.clockTicksPerSecond)
    let reader = ProcessReader(
      root: root, matcher: matcher, options: options, clock: clock,
      pageSize: FileSystemCalls.pageSize, configLoader: ProcessConfigLoader(root: root, limit: options.configFileLimit))
    var pager = ResourcePager(pageSize: options.pageSize)
    var accounts: HostAccounts?
    var configFilesSeen = Set<String>()
    var unreadable: (count: Int, first: String)?
    defer {
      // Many of one kind are one line: how many, and the first.
      if let unreadable {
        diagnostics.warning(
          collector: name, subject: root.containerPath("/proc"),
          message:
            "\(unreadable.count) processes could not be read (first: \(unreadable.first)); rules on them are not evaluated"
        )
      }
    }
    for pid in pids {
      try Task.checkCancellation()
      let process: ProcessResource
      switch reader.read(pid: pid) {
      case .process(let read): process = read
      case .skipped: continue
      case .unreadable(let reason):
        unreadable = (unreadable?.count ?? 0) + 1 == 1 ? (1, reason) : (unreadable!.count + 1, unreadable!.first)
        continue
      }
      if let reason = process.unknownFlags.values.sorted().first {
        diagnostics.warning(
          collector: name, subject: "pid \(pid) \(process.executable)",
          message: "settings from its environment are unknown; the rules that read them are not evaluated: \(reason)")
      }
      for (_, file) in process.configFiles.sorted(by: { $0.key < $1.key }) {
        if let error = file.error {
          diagnostics.warning(
            collector: name, subject: "pid \(pid) \(process.executable)",
            message: "config file unusable: \(error)")
        }
      }
      if let page = pager.add(.process(process)) { try await emit(page) }
      // The configuration files the process reads are node files too (the kubelet's `--config`
      // file for 4.1.9/4.1.10): report them under the path the process actually uses.
      for (flag, file) in process.configFiles.sorted(by: { $0.key < $1.key }) where file.error == nil {
        let hostPath = HostRoot.normalize(ProcessConfigLoader.hostPath(forFlagValue: file.path))
        guard configFilesSeen.insert(hostPath + " " + flag).inserted else { continue }
        // Missing passwd/group files are reported once, by the file-system collector.
        if accounts == nil {
          accounts = HostAccounts.load(from: root, diagnostics: SilentDiagnostics(), collector: name)
        }
        guard
          let found = try? FileResource.inspect(
            root: root, hostPath: hostPath, accounts: accounts!, namedBy: ["\(process.executable) --\(flag)"])
        else { continue }
        if let page = pager.add(.file(found.resource)) { try await emit(page) }
      }
    }
    if let last = pager.finish() { try await emit(last) }
  }

  /// Seconds since boot, the first number in `/proc/uptime`; `nil` (reported) when unreadable.
  private func readUptime(diagnostics: any ScanDiagnostics) -> Double? {
    let path = root.containerPath("/proc/uptime")
    do {
      let bytes = try root.readFile("/proc/uptime", limit: 4096)
      let first = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first
      if let first, let seconds = Double(first), seconds.isFinite, seconds >= 0 { return seconds }
      diagnostics.warning(collector: name, subject: path, message: "unexpected content; process start times unknown")
    } catch {
      diagnostics.warning(
        collector: name, subject: path, message: "\(error.reason); process start times unknown")
    }
    return nil
  }
}

/// Turns tick counts after boot into dates.
struct ProcessClock: Sendable {
  var now: Date
  /// Seconds since boot, when known.
  var uptime: Double?
  var ticksPerSecond: Int

  /// Boot time + ticks / `USER_HZ`.
  func startTime(ticks: UInt64) -> Date? {
    guard let uptime else { return nil }
    return now.addingTimeInterval(-uptime + Double(ticks) / Double(ticksPerSecond))
  }

  /// Whole seconds a process started at `ticks` has run, never negative.
  func runningSeconds(ticks: UInt64) -> Int64? {
    guard let uptime else { return nil }
    return max(0, Int64((uptime - Double(ticks) / Double(ticksPerSecond)).rounded(.down)))
  }
}

extension ProcessCollector {
  /// The executable names (`argv[0]`'s base name) of every process under the root's `/proc`:
  /// which programs run on the node. Unreadable entries are skipped.
  public static func runningExecutables(root: HostRoot) -> Set<String> {
    guard let proc = try? root.resolve("/proc"),
      let names = try? FileSystemCalls.listDirectory(root.containerPath(proc))
    else { return [] }
    var executables = Set<String>()
    for name in names where Int32(name) != nil {
      guard let bytes = try? root.readFile("/proc/\(name)/cmdline", limit: 64 * 1024) else { continue }
      let executable = ProcessCommandLine(bytes: bytes).executable
      if !executable.isEmpty { executables.insert(executable) }
    }
    return executables
  }
}
