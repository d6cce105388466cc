import Synchronization

/// A single-consumer async buffer: producers `put` without waiting, the consumer awaits `next()`.
///
/// With `.latest` only the newest value waits (settings: an older one is of no use once a newer
/// one exists); with `.bounded(n)` up to `n` values wait and the oldest are dropped beyond that
/// (events: a stuck follower costs bounded memory). `next()` honours cancellation without losing
/// a value: a cancelled wait returns `nil` and the value stays for the next call.
public final class Mailbox<Value: Sendable>: Sendable {
  /// How many values wait for the consumer.
  public enum Policy: Sendable, Equatable {
    case latest
    case bounded(Int)
  }

  private struct State {
    var items: [Value] = []
    var finished = false
    var waiter: (id: Int, continuation: CheckedContinuation<Value?, Never>)?
    var nextID = 0
    var dropped = 0
  }

  public let policy: Policy
  private let state = Mutex(State())

  public init(policy: Policy) {
    self.policy = policy
  }

  /// Hands `value` to the consumer (or keeps it until the consumer asks). Ignored once finished.
  public func put(_ value: Value) {
    state.withLock { s in
      guard !s.finished else { return }
      if let waiter = s.waiter {
        s.waiter = nil
        waiter.continuation.resume(returning: value)
        return
      }
      switch policy {
      case .latest:
        s.items = [value]
      case .bounded(let limit):
        s.items.append(value)
        if s.items.count > Swift.max(1, limit) {
          s.items.removeFirst()
          s.dropped += 1
        }
      }
    }
  }

  /// No more values: the consumer gets what waits, then `nil`.
  public func finish() {
    state.withLock { s in
      s.finished = true
      if let waiter = s.waiter, s.items.isEmpty {
        s.waiter = nil
        waiter.continuation.resume(returning: nil)
      }
    }
  }

  /// The value waiting now, if any, without suspending.
  public func poll() -> Value? {
    state.withLock { s in s.items.isEmpty ? nil : s.items.removeFirst() }
  }

  /// Values dropped because the consumer fell behind a bounded mailbox.
  public var droppedCount: Int { state.withLock { $0.dropped } }

  /// The next value; `nil` when finished and empty, or when the task is cancelled while waiting.
  public func next() async -> Value? {
    let ready: (decided: Bool, value: Value?) = state.withLock { s in
      if !s.items.isEmpty { return (true, s.items.removeFirst()) }
      return (s.finished, nil)
    }
    if ready.decided || Task.isCancelled { return ready.value }
    let id = state.withLock { s in
      defer { s.nextID += 1 }
      return s.nextID
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
        state.withLock { s in
          if !s.items.isEmpty {
            continuation.resume(returning: s.items.removeFirst())
          } else if s.finished || Task.isCancelled {
            continuation.resume(returning: nil)
          } else {
            precondition(s.waiter == nil, "a Mailbox has one consumer")
            s.waiter = (id, continuation)
          }
        }
      }
    } onCancel: {
      state.withLock { s in
        if let waiter = s.waiter, waiter.id == id {
          s.waiter = nil
          waiter.continuation.resume(returning: nil)
        }
      }
    }
  }
}

extension Mailbox: AsyncSequence {
  public struct AsyncIterator: AsyncIteratorProtocol {
    let mailbox: Mailbox

    public mutating func next() async -> Value? { await mailbox.next() }
  }

  public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(mailbox: self) }
}
