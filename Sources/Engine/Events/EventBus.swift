import Synchronization

/// The engine's health and cycle-report stream: every service publishes what happens, any number of
/// followers (the log, the Elastic Agent's unit states, a metrics endpoint, tests) read it.
///
/// Each follower has its own bounded mailbox, so a slow follower never holds the engine up and
/// never makes memory grow: beyond `buffer` waiting events it loses the oldest.
public final class EventBus: Sendable {
  private let state = Mutex<(followers: [Mailbox<EngineEvent>], finished: Bool)>(([], false))

  public init() {}

  /// A new follower's mailbox; it receives every event published from now on.
  public func subscribe(buffer: Int = 1024) -> Mailbox<EngineEvent> {
    let mailbox = Mailbox<EngineEvent>(policy: .bounded(buffer))
    let finished = state.withLock { s in
      if !s.finished { s.followers.append(mailbox) }
      return s.finished
    }
    if finished { mailbox.finish() }
    return mailbox
  }

  public func publish(_ event: EngineEvent) {
    for follower in state.withLock({ $0.followers }) { follower.put(event) }
  }

  /// No more events: followers read what waits, then see the end.
  public func finish() {
    let followers = state.withLock { s in
      s.finished = true
      return s.followers
    }
    for follower in followers { follower.finish() }
  }
}
