import KSPMCore
import Synchronization

/// Warnings and infos a collector reported, as `subject: message` lines.
final class CollectedLines: ScanDiagnostics, Sendable {
  private let lines = Mutex<[String]>([])

  func warning(collector: String, subject: String, message: String) {
    lines.withLock { $0.append("\(subject): \(message)") }
  }

  func info(collector: String, message: String) {}

  var all: [String] { lines.withLock { $0 } }
}

/// Resources a collector emitted.
final class CollectedResources: Sendable {
  private let resources = Mutex<[Resource]>([])

  func add(_ page: [Resource]) { resources.withLock { $0 += page } }

  var all: [Resource] { resources.withLock { $0 } }
}
