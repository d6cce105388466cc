import Synchronization

/// A multi-producer, multi-consumer async queue with a fixed capacity.
///
/// `send` suspends while the queue is full, which is how a slow output slows the collectors down
/// instead of letting memory grow: the pipeline's backpressure.
public final class BoundedQueue<Element: Sendable>: Sendable {
  private struct State: ~Copyable {
    var buffer: [Element] = []
    var head = 0
    var finished = false
    var waitingSenders: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    var waitingReceivers: [CheckedContinuation<Element?, Never>] = []
    var nextID = 0
    var count: Int { buffer.count - head }
  }

  public let capacity: Int
  private let state = Mutex(State())

  public init(capacity: Int) {
    precondition(capacity > 0, "a queue needs room for at least one element")
    self.capacity = capacity
  }

  /// The number of elements waiting.
  public var count: Int { state.withLock { $0.count } }

  /// Adds an element, waiting while the queue is full. Returns `false` (and drops nothing
  /// silently: the caller learns it) when the queue was finished before there was room.
  @discardableResult
  public func send(_ element: Element) async -> Bool {
    while true {
      // nil: full, wait for room.
      let outcome: Bool? = state.withLock { s in
        if s.finished { return false }
        if !s.waitingReceivers.isEmpty {
          s.waitingReceivers.removeFirst().resume(returning: element)
          return true
        }
        if s.count < capacity {
          s.buffer.append(element)
          return true
        }
        return nil
      }
      switch outcome {
      case .some(let accepted): return accepted
      case .none:
        let stillOpen = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
          state.withLock { s in
            if s.finished || s.count < capacity {
              continuation.resume(returning: !s.finished)
            } else {
              s.waitingSenders.append((s.nextID, continuation))
              s.nextID += 1
            }
          }
        }
        if !stillOpen { return false }
      }
    }
  }

  /// The next element, waiting while the queue is empty; `nil` once finished and drained.
  public func next() async -> Element? {
    // (true, element) when decided now; (false, nil) when the consumer must wait.
    let step: (decided: Bool, element: Element?) = state.withLock { s in
      if s.count > 0 {
        let element = s.buffer[s.head]
        s.head += 1
        if s.head > 1024 && s.head * 2 > s.buffer.count {
          s.buffer.removeFirst(s.head)
          s.head = 0
        }
        if !s.waitingSenders.isEmpty { s.waitingSenders.removeFirst().continuation.resume(returning: true) }
        return (true, element)
      }
      if s.finished { return (true, nil) }
      return (false, nil)
    }
    if step.decided { return step.element }
    do {
      return await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
        state.withLock { s in
          if s.count > 0 {
            let element = s.buffer[s.head]
            s.head += 1
            if !s.waitingSenders.isEmpty { s.waitingSenders.removeFirst().continuation.resume(returning: true) }
            continuation.resume(returning: element)
          } else if s.finished {
            continuation.resume(returning: nil)
          } else {
            s.waitingReceivers.append(continuation)
          }
        }
      }
    }
  }

  /// Takes up to `maximum` elements that are already waiting, without suspending.
  public func drain(upTo maximum: Int) -> [Element] {
    state.withLock { s in
      let n = min(maximum, s.count)
      guard n > 0 else { return [] }
      let taken = Array(s.buffer[s.head..<(s.head + n)])
      s.head += n
      if s.head == s.buffer.count {
        s.buffer.removeAll(keepingCapacity: true)
        s.head = 0
      }
      for _ in 0..<min(n, s.waitingSenders.count) {
        s.waitingSenders.removeFirst().continuation.resume(returning: true)
      }
      return taken
    }
  }

  /// Whether `finish()` was called.
  public var isFinished: Bool { state.withLock { $0.finished } }

  /// The next batch: waits for a first element, then up to `timeout` for the batch to reach
  /// `minimum` elements (libbeat's `flush.min_events` / `flush.timeout`), and returns at most
  /// `maximum`. Returns at once when the queue is finished; `nil` once finished and drained.
  public func nextBatch(maximum: Int, minimum: Int, timeout: Duration) async -> [Element]? {
    guard let first = await next() else { return nil }
    var batch = [first]
    let limit = max(1, maximum)
    let wanted = min(max(1, minimum), limit)
    batch.append(contentsOf: drain(upTo: limit - batch.count))
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    // Waiting for more is a short poll: cheap, and it never strands an element in a cancelled wait.
    while batch.count < wanted, !isFinished, clock.now < deadline {
      if Task.isCancelled { break }
      let pause = min(deadline - clock.now, .milliseconds(5))
      try? await Task.sleep(for: pause)
      batch.append(contentsOf: drain(upTo: limit - batch.count))
    }
    batch.append(contentsOf: drain(upTo: limit - batch.count))
    return batch
  }

  /// No more elements will be sent; the consumer drains what is left, then sees `nil`.
  /// Senders still waiting for room are told their element was not accepted.
  public func finish() {
    state.withLock { s in
      s.finished = true
      for sender in s.waitingSenders { sender.continuation.resume(returning: false) }
      s.waitingSenders.removeAll()
      if s.count == 0 {
        for receiver in s.waitingReceivers { receiver.resume(returning: nil) }
        s.waitingReceivers.removeAll()
      }
    }
  }
}
