import Synchronization

/// A multi-producer, multi-consumer async queue with a fixed capacity.
///
/// `send` suspends while the queue is full, which is how a slow output slows the collectors down
/// instead of letting memory grow: the pipeline's backpressure. Waiting senders and receivers
/// honour task cancellation, so a stopping producer or consumer never hangs on the queue.
public final class BoundedQueue<Element: Sendable>: Sendable {
  private struct State: ~Copyable {
    var buffer: [Element] = []
    var head = 0
    var capacity: Int
    var finished = false
    var waitingSenders: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    var waitingReceivers: [(id: Int, continuation: CheckedContinuation<Element?, Never>)] = []
    var nextID = 0
    var count: Int { buffer.count - head }

    init(capacity: Int) { self.capacity = capacity }

    mutating func takeFirst() -> Element {
      let element = buffer[head]
      head += 1
      if head == buffer.count {
        buffer.removeAll(keepingCapacity: true)
        head = 0
      } else if head > 1024 && head * 2 > buffer.count {
        buffer.removeFirst(head)
        head = 0
      }
      return element
    }

    /// Lets waiting senders in while there is room.
    mutating func admitSenders() {
      var room = capacity - count
      while room > 0, !waitingSenders.isEmpty {
        waitingSenders.removeFirst().continuation.resume(returning: true)
        room -= 1
      }
    }

    /// Hands waiting elements to waiting receivers; tells them the end when finished and empty.
    mutating func serveReceivers() {
      while count > 0, !waitingReceivers.isEmpty {
        waitingReceivers.removeFirst().continuation.resume(returning: takeFirst())
      }
      if finished, count == 0 {
        for receiver in waitingReceivers { receiver.continuation.resume(returning: nil) }
        waitingReceivers.removeAll()
      }
    }
  }

  private let state: Mutex<State>

  public init(capacity: Int) {
    precondition(capacity > 0, "a queue needs room for at least one element")
    state = Mutex(State(capacity: capacity))
  }

  /// How many elements the queue holds before senders wait.
  public var capacity: Int { state.withLock { $0.capacity } }

  /// Changes the capacity (a reloaded `queue.mem.events`). Elements already waiting stay; a smaller
  /// capacity only makes senders wait longer, a larger one lets waiting senders in at once.
  public func resize(to capacity: Int) {
    precondition(capacity > 0, "a queue needs room for at least one element")
    state.withLock { s in
      s.capacity = capacity
      s.admitSenders()
    }
  }

  /// The number of elements waiting.
  public var count: Int { state.withLock { $0.count } }

  /// Adds an element, waiting while the queue is full. Returns `false` (and drops nothing
  /// silently: the caller learns it) when the queue was finished, or the task cancelled, before
  /// there was room.
  @discardableResult
  public func send(_ element: Element) async -> Bool {
    while true {
      // nil: full, wait for room.
      let outcome: Bool? = state.withLock { s in
        if s.finished { return false }
        if !s.waitingReceivers.isEmpty {
          s.waitingReceivers.removeFirst().continuation.resume(returning: element)
          return true
        }
        if s.count < s.capacity {
          s.buffer.append(element)
          return true
        }
        return nil
      }
      if let accepted = outcome { return accepted }
      if Task.isCancelled { return false }
      let id = state.withLock { s in
        defer { s.nextID += 1 }
        return s.nextID
      }
      let stillOpen = await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
          state.withLock { s in
            if s.finished || Task.isCancelled {
              continuation.resume(returning: false)
            } else if s.count < s.capacity {
              continuation.resume(returning: true)
            } else {
              s.waitingSenders.append((id, continuation))
            }
          }
        }
      } onCancel: {
        state.withLock { s in
          if let i = s.waitingSenders.firstIndex(where: { $0.id == id }) {
            s.waitingSenders.remove(at: i).continuation.resume(returning: false)
          }
        }
      }
      if !stillOpen { return false }
    }
  }

  /// The next element, waiting while the queue is empty; `nil` once finished and drained, or
  /// when the task is cancelled while waiting (nothing is lost: the element stays queued).
  public func next() async -> Element? {
    // (true, element) when decided now; (false, nil) when the consumer must wait.
    let step: (decided: Bool, element: Element?) = state.withLock { s in
      if s.count > 0 {
        let element = s.takeFirst()
        s.admitSenders()
        return (true, element)
      }
      if s.finished { return (true, nil) }
      return (false, nil)
    }
    if step.decided { return step.element }
    if Task.isCancelled { return nil }
    let id = state.withLock { s in
      defer { s.nextID += 1 }
      return s.nextID
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
        state.withLock { s in
          if s.count > 0 {
            let element = s.takeFirst()
            s.admitSenders()
            continuation.resume(returning: element)
          } else if s.finished || Task.isCancelled {
            continuation.resume(returning: nil)
          } else {
            s.waitingReceivers.append((id, continuation))
          }
        }
      }
    } onCancel: {
      state.withLock { s in
        if let i = s.waitingReceivers.firstIndex(where: { $0.id == id }) {
          s.waitingReceivers.remove(at: i).continuation.resume(returning: nil)
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
      s.admitSenders()
      return taken
    }
  }

  /// Puts elements a consumer took but could not deliver back at the front, in their order, so the
  /// next consumer (a restarted or replaced output) takes them first. Works after `finish()` too:
  /// what was not delivered stays counted.
  public func requeue(_ elements: [Element]) {
    guard !elements.isEmpty else { return }
    state.withLock { s in
      if s.head >= elements.count {
        s.head -= elements.count
        s.buffer.replaceSubrange(s.head..<(s.head + elements.count), with: elements)
      } else {
        s.buffer = elements + s.buffer[s.head...]
        s.head = 0
      }
      s.serveReceivers()
    }
  }

  /// Whether `finish()` was called.
  public var isFinished: Bool { state.withLock { $0.finished } }

  /// The next batch: waits for a first element, then up to `timeout` for the batch to reach
  /// `minimum` elements (libbeat's `flush.min_events` / `flush.timeout`), and returns at most
  /// `maximum`. Returns at once when the queue is finished; `nil` once finished and drained, or
  /// when cancelled while waiting for the first element.
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
      s.serveReceivers()
    }
  }
}
