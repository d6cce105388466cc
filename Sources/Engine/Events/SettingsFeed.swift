import Synchronization

/// The current configuration and every later one, for services that each follow their own part.
///
/// `updates(_:)` gives a service its slice of the configuration (the output settings, the lease
/// settings, …) in a `.latest` mailbox: the current slice at once, then each new slice that differs
/// from the one before. So a new configuration restarts only the parts whose settings changed.
public final class SettingsFeed<Value: Sendable>: Sendable {
  private struct State {
    var current: Value
    var followers: [@Sendable (Value) -> Void] = []
    var closers: [@Sendable () -> Void] = []
    var finished = false
  }

  private let state: Mutex<State>

  public init(_ initial: Value) {
    state = Mutex(State(current: initial))
  }

  /// The configuration in force.
  public var current: Value { state.withLock { $0.current } }

  /// Makes `value` the configuration in force and tells every follower whose slice changed.
  public func publish(_ value: Value) {
    let followers = state.withLock { s -> [@Sendable (Value) -> Void] in
      guard !s.finished else { return [] }
      s.current = value
      return s.followers
    }
    for follower in followers { follower(value) }
  }

  /// No configuration will follow; every follower's mailbox is finished (after its last value).
  public func finish() {
    let closers = state.withLock { s -> [@Sendable () -> Void] in
      s.finished = true
      return s.closers
    }
    for close in closers { close() }
  }

  /// The slice `transform` picks, now and after each change of it.
  public func updates<Slice: Equatable & Sendable>(
    _ transform: @escaping @Sendable (Value) -> Slice
  ) -> Mailbox<Slice> {
    let mailbox = Mailbox<Slice>(policy: .latest)
    let last = Mutex<Slice?>(nil)
    let follower: @Sendable (Value) -> Void = { value in
      let slice = transform(value)
      let changed = last.withLock { previous -> Bool in
        guard previous != slice else { return false }
        previous = slice
        return true
      }
      if changed { mailbox.put(slice) }
    }
    state.withLock { s in
      // The first slice is taken under the lock, so a configuration published meanwhile comes after it.
      follower(s.current)
      if s.finished {
        mailbox.finish()
      } else {
        s.followers.append(follower)
        s.closers.append { mailbox.finish() }
      }
    }
    return mailbox
  }
}
