import Engine
import Foundation
import Testing

@Suite struct MailboxTests {
  @Test func aLatestMailboxKeepsOnlyTheNewestValue() async {
    let mailbox = Mailbox<Int>(policy: .latest)
    mailbox.put(1)
    mailbox.put(2)
    mailbox.put(3)
    #expect(await mailbox.next() == 3)
    #expect(mailbox.poll() == nil)
  }

  @Test func aBoundedMailboxDropsTheOldestBeyondItsLimitAndCountsThem() async {
    let mailbox = Mailbox<Int>(policy: .bounded(3))
    for i in 1...5 { mailbox.put(i) }
    mailbox.finish()
    var received: [Int] = []
    for await value in mailbox { received.append(value) }
    #expect(received == [3, 4, 5])
    #expect(mailbox.droppedCount == 2)
  }

  @Test func aCancelledWaitLosesNothing() async throws {
    let mailbox = Mailbox<Int>(policy: .bounded(8))
    let waiter = Task { await mailbox.next() }
    try await Task.sleep(for: .milliseconds(50))
    waiter.cancel()
    #expect(await waiter.value == nil)
    mailbox.put(7)
    #expect(await mailbox.next() == 7)
  }

  @Test func aWaitingConsumerGetsTheNextValue() async throws {
    let mailbox = Mailbox<String>(policy: .latest)
    let waiter = Task { await mailbox.next() }
    try await Task.sleep(for: .milliseconds(50))
    mailbox.put("hello")
    #expect(await waiter.value == "hello")
  }
}

@Suite struct SettingsFeedTests {
  struct Config: Sendable, Equatable {
    var output: String
    var period: Int
  }

  @Test func eachFollowerSeesItsSliceOnceAndOnlyWhenItChanges() async {
    let feed = SettingsFeed(Config(output: "file", period: 10))
    let outputs = feed.updates(\.output)
    let periods = feed.updates(\.period)
    #expect(await outputs.next() == "file")
    #expect(await periods.next() == 10)
    feed.publish(Config(output: "file", period: 20))  // the output slice did not change
    #expect(outputs.poll() == nil)
    #expect(await periods.next() == 20)
    feed.publish(Config(output: "elasticsearch", period: 20))
    #expect(await outputs.next() == "elasticsearch")
    #expect(periods.poll() == nil)
    feed.finish()
    #expect(await outputs.next() == nil)
    #expect(feed.current == Config(output: "elasticsearch", period: 20))
  }
}

@Suite struct EventBusTests {
  @Test func everyFollowerGetsEveryEventInOrder() async {
    let bus = EventBus()
    let a = bus.subscribe()
    let b = bus.subscribe()
    bus.publish(.configuration(.applied(restarted: ["output"])))
    bus.publish(.configuration(.rejected(reason: "bad")))
    bus.finish()
    for follower in [a, b] {
      var seen: [ConfigurationChange] = []
      for await event in follower {
        if case .configuration(let change) = event { seen.append(change) }
      }
      #expect(seen == [.applied(restarted: ["output"]), .rejected(reason: "bad")])
    }
  }
}
