import Foundation

/// A value behind a lock, shared by reference and read or changed from any thread.
///
/// For values that are not `Sendable` themselves (unlike `Synchronization.Mutex`, whose users need
/// a `Sendable` value to share it across tasks): every access goes through ``withLock(_:)``.
public final class LockedValue<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  public init(_ value: Value) { self.value = value }

  /// Runs `body` with exclusive access to the value.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
