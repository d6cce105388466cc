import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program run to its end pinned to one core, with its wall time, CPU time and peak resident
/// set (from `wait4`: the child's own, no other process's) and its output (through files).
struct MeasuredRun {
  var status: Int32
  var seconds: Double
  /// User plus system time.
  var cpuSeconds: Double
  var peakRSSMegabytes: Double
  var standardOutput: String
  var standardError: String

  static func run(core: Int, program: String, arguments: [String], outputFolder: URL) throws -> MeasuredRun {
    let (executable, allArguments) = Pinning.command(core: core, program: program, arguments: arguments)
    let outPath = outputFolder.appendingPathComponent("stdout").path
    let errPath = outputFolder.appendingPathComponent("stderr").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    closeOnExec()
    let argv = ([executable] + allArguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let start = ContinuousClock.now
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let elapsed = ContinuousClock.now - start
    return MeasuredRun(
      status: status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f,
      seconds: elapsed.inSeconds,
      cpuSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6,
      peakRSSMegabytes: Double(usage.ru_maxrss) / 1024,
      standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
      standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
  }

  /// Marks every descriptor above standard error close-on-exec, so nothing of ours (the servers'
  /// pipes) leaks into the child.
  static func closeOnExec() {
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for fd in open.compactMap({ Int32($0) }) where fd > 2 {
      _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }
  }
}
