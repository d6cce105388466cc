import Engine
import Foundation
import UnixSignals

/// Configurations from `kspmbeat.yml` and `-E`: read again on SIGHUP and whenever the file's
/// modification time changes (checked every `checkInterval`). Each reading is validated in full
/// before it is handed on; one that fails is handed on as the reason, so the engine keeps the
/// configuration in force.
public struct FileConfigSource: ConfigSource {
  public let file: String?
  public let overrides: [String]
  public let environment: [String: String]
  public let checkInterval: Duration
  /// SIGHUP, trapped before the engine starts so an early hang-up never kills the process.
  let hangups: UnixSignalsSequence?

  public init(
    file: String?, overrides: [String], environment: [String: String], checkInterval: Duration,
    hangups: UnixSignalsSequence?
  ) {
    self.file = file
    self.overrides = overrides
    self.environment = environment
    self.checkInterval = checkInterval
    self.hangups = hangups
  }

  /// Traps SIGHUP for a source (call before the service group starts).
  public static func trapHangups() async -> UnixSignalsSequence {
    await UnixSignalsSequence(trapping: .sighup)
  }

  /// The configuration as it reads now.
  public func load() -> ConfigUpdate {
    do {
      return .valid(try KSPMBeatConfig.load(file: file, overrides: overrides, environment: environment).config)
    } catch {
      return .invalid("\(error)")
    }
  }

  public func watch(_ deliver: @escaping @Sendable (ConfigUpdate) -> Void) async {
    let requests = Mailbox<Bool>(policy: .latest)
    await withTaskGroup(of: Void.self) { group in
      if let hangups {
        group.addTask {
          for await _ in hangups { requests.put(true) }
        }
      }
      if let file {
        group.addTask {
          var last = Self.modificationDate(file)
          while !Task.isCancelled {
            do { try await Task.sleep(for: checkInterval) } catch { return }
            let now = Self.modificationDate(file)
            if now != last {
              last = now
              requests.put(true)
            }
          }
        }
      }
      group.addTask {
        // A burst of requests (SIGHUP and the file watcher for one edit) reads the file once.
        for await _ in requests { deliver(load()) }
      }
      await group.waitForAll()
    }
  }

  static func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}
