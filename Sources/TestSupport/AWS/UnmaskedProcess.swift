import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A child process started with `posix_spawn` with no signal blocked, every signal at its
/// default action, and no descriptor of ours but its standard input, output and error.
///
/// Foundation's `Process` hands the child the signal mask of the thread that starts it, and the
/// event-loop threads of NIO block nearly every signal: such a child never sees SIGTERM, and a
/// shell in it waits forever for SIGCHLD.
final class UnmaskedProcess: @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let pid: pid_t
  private let lock = NSLock()
  private var exitStatus: Int32?

  private init(pid: pid_t) {
    self.pid = pid
  }

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which its headers declare only
  /// for GNU builds, so it is looked up by name.
  private typealias CloseFromAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
  private static let closeFromAction: CloseFromAction? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    else { return nil }
    return unsafeBitCast(symbol, to: CloseFromAction.self)
  }()

  /// Starts `path` with `arguments` (and this process's environment); standard output and error
  /// are appended to `outputFile`, standard input is `/dev/null`.
  static func spawn(_ path: String, arguments: [String], outputFile: String) throws -> UnmaskedProcess {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Nothing else of ours goes along: posix_spawn, unlike Foundation's Process, passes every
    // descriptor that is not close-on-exec, and a long-lived child holding a copy of a test
    // server's listening socket keeps its port taken (and its connections unanswered) after the
    // server closes it.
    guard let closeFrom = closeFromAction else {
      throw Failure(description: "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34+)")
    }
    _ = closeFrom(&actions, 3)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid = pid_t()
    let result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
    guard result == 0 else {
      throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))")
    }
    return UnmaskedProcess(pid: pid)
  }

  /// Whether the process still runs (reaps it once it has ended).
  var isRunning: Bool {
    lock.withLock {
      guard exitStatus == nil else { return false }
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid || (result == -1 && errno == ECHILD) { exitStatus = status }
      return exitStatus == nil
    }
  }

  /// The raw wait status once the process has ended.
  var terminationStatus: Int32? {
    _ = isRunning
    return lock.withLock { exitStatus }
  }

  /// Sends `signal` unless the process has ended and been reaped.
  func send(_ signal: Int32) {
    guard isRunning else { return }
    kill(pid, signal)
  }
}
