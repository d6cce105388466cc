import Foundation
import KSPMCore
import Output
import Testing

@Suite struct BoundedQueueTests {
  @Test func deliversEveryElementInOrderAcrossProducers() async {
    let queue = BoundedQueue<Int>(capacity: 8)
    async let received: [Int] = {
      var all: [Int] = []
      while let value = await queue.next() { all.append(value) }
      return all
    }()
    await withTaskGroup(of: Void.self) { group in
      for producer in 0..<4 {
        group.addTask {
          for i in 0..<500 { await queue.send(producer * 1000 + i) }
        }
      }
    }
    queue.finish()
    let all = await received
    #expect(all.count == 2000)
    for producer in 0..<4 {
      let mine = all.filter { $0 / 1000 == producer }
      #expect(mine == (0..<500).map { producer * 1000 + $0 })
    }
  }

  @Test func producersWaitWhileTheQueueIsFull() async throws {
    let queue = BoundedQueue<Int>(capacity: 3)
    let sent = Counter()
    let producer = Task {
      for i in 0..<10 {
        await queue.send(i)
        sent.increment()
      }
    }
    try await Task.sleep(for: .milliseconds(100))
    #expect(sent.value == 3)
    #expect(queue.count == 3)
    #expect(await queue.next() == 0)
    try await Task.sleep(for: .milliseconds(50))
    #expect(sent.value == 4)
    #expect(queue.count <= 3)
    queue.finish()
    await producer.value
    #expect(queue.count <= 3)
  }

  @Test func finishReleasesWaitingSendersWithoutAcceptingTheirElements() async throws {
    let queue = BoundedQueue<Int>(capacity: 1)
    await queue.send(1)
    let blocked = Task { await queue.send(2) }
    try await Task.sleep(for: .milliseconds(50))
    queue.finish()
    #expect(await blocked.value == false)
    #expect(await queue.next() == 1)
    #expect(await queue.next() == nil)
    #expect(await queue.send(3) == false)
  }

  @Test func drainTakesOnlyWhatIsWaiting() async {
    let queue = BoundedQueue<Int>(capacity: 10)
    for i in 0..<5 { await queue.send(i) }
    #expect(queue.drain(upTo: 3) == [0, 1, 2])
    #expect(queue.drain(upTo: 10) == [3, 4])
    #expect(queue.drain(upTo: 10) == [])
  }
}

final class Counter: Sendable {
  private let lock = NSLock()
  nonisolated(unsafe) private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
