#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to standard output and standard error without ever dying of it: a closed pipe
/// (`kspmbeat scan | head`) is an answer (`false`), not a SIGPIPE.
public enum Console {
  /// Stops the process from being killed when a reader closes a pipe; writes then fail with EPIPE.
  public static func ignoreBrokenPipes() {
    signal(SIGPIPE, SIG_IGN)
  }

  /// Writes all of `text` to `descriptor`; `false` when it could not (closed pipe, full disk).
  @discardableResult
  public static func write(_ text: String, to descriptor: Int32) -> Bool {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { raw in
        Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  /// A line on standard error (best effort).
  public static func error(_ line: String) { write(line + "\n", to: 2) }

  /// Text on standard output; `false` when standard output is closed.
  @discardableResult
  public static func output(_ text: String) -> Bool { write(text, to: 1) }
}
