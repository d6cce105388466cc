import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps a copy of the input being tried where a signal handler can reach it, so that a crash (a
/// Swift trap, a segmentation fault) or a hang leaves the input behind in a file for a reproducer.
///
/// Only one fuzz run at a time uses it (the fuzz suite is serialized).
enum InputRecorder {
  static let capacity = 1 << 20

  /// Writes `input` where the handlers read it and marks its start time for the watchdog.
  static func begin(_ input: [UInt8]) {
    let count = min(input.count, capacity)
    input.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { recordedInput.update(from: base, count: count) }
    }
    recordedLength = count
    inputStart.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
  }

  /// The input finished.
  static func end() { inputStart.store(0, ordering: .releasing) }

  /// Installs the crash handlers and starts a watchdog that aborts (saving the input) when one
  /// input runs longer than `hangSeconds`. `artifact` is the file the input is saved to.
  static func arm(artifact: String, hangSeconds: Double) {
    free(recordedPath)
    recordedPath = strdup(artifact)
    for signal in handledSignals { previousHandlers[signal] = Glibc.signal(signal, crashHandler) }
    watchdogRunning.store(true, ordering: .releasing)
    let limit = UInt64(hangSeconds * 1e9)
    let thread = Thread {
      while watchdogRunning.load(ordering: .acquiring) {
        let start = inputStart.load(ordering: .acquiring)
        if start != 0, DispatchTime.now().uptimeNanoseconds &- start > limit {
          let message = "\nfuzz: one input ran longer than \(hangSeconds) s: a hang; aborting\n"
          FileHandle.standardError.write(Data(message.utf8))
          abort()
        }
        Thread.sleep(forTimeInterval: 0.25)
      }
    }
    thread.start()
  }

  /// Stops the watchdog and restores the signal handlers that were there before.
  static func disarm() {
    watchdogRunning.store(false, ordering: .releasing)
    for (signal, handler) in previousHandlers { _ = Glibc.signal(signal, handler) }
    previousHandlers = [:]
  }

  static let handledSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]
}

nonisolated(unsafe) private let recordedInput = UnsafeMutablePointer<UInt8>.allocate(capacity: InputRecorder.capacity)
nonisolated(unsafe) private var recordedLength = 0
nonisolated(unsafe) private var recordedPath: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var previousHandlers: [Int32: (@convention(c) (Int32) -> Void)?] = [:]
private let inputStart = Atomic<UInt64>(0)
private let watchdogRunning = Atomic<Bool>(false)
private let crashNotice: StaticString = "\nfuzz: the process died while trying an input; it is saved in "

/// Saves the input with async-signal-safe calls only, then dies of the same signal.
private let crashHandler: @convention(c) (Int32) -> Void = { signal in
  if let path = recordedPath {
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if file >= 0 {
      _ = write(file, recordedInput, recordedLength)
      close(file)
    }
    _ = write(2, crashNotice.utf8Start, crashNotice.utf8CodeUnitCount)
    _ = write(2, path, strlen(path))
    _ = write(2, "\n", 1)
  }
  _ = Glibc.signal(signal, nil)  // SIG_DFL
  raise(signal)
}
