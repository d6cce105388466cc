import Foundation
import KSPMCore
import Synchronization

/// A one-line progress indicator on standard error, redrawn at most every half second.
public final class ProgressLine: Sendable {
  public init() {}

  private let state = Mutex<(last: Date, shown: Bool)>((.distantPast, false))

  public func update(_ resources: Int, _ findings: Int) {
    let now = Date()
    let draw = state.withLock { s -> Bool in
      guard now.timeIntervalSince(s.last) >= 0.5 else { return false }
      s.last = now
      s.shown = true
      return true
    }
    if draw { write("\r\u{1B}[Kscanning: \(resources) resources, \(findings) findings") }
  }

  public func finish() {
    if state.withLock({ $0.shown }) { write("\r\u{1B}[K") }
  }

  private func write(_ text: String) {
    Console.write(text, to: 2)
  }
}
