import Logging
import Synchronization

/// The process's log level, changeable while it runs: `logging.level` of a reloaded
/// configuration, or the most verbose level Elastic Agent asks of a unit. Every
/// ``ECSLogHandler`` made with it follows it, unless a logger sets its own level.
public final class LogLevelControl: Sendable {
  private let current: Mutex<Logger.Level>
  /// Whether the command line fixed the level (`--log-level`): configurations do not change it.
  public let pinned: Bool

  public init(_ level: Logger.Level = .info, pinned: Bool = false) {
    current = Mutex(level)
    self.pinned = pinned
  }

  public var level: Logger.Level { current.withLock { $0 } }

  /// Applies `level` now, unless the command line pinned the level; returns whether it changed.
  @discardableResult
  public func apply(_ level: Logger.Level) -> Bool {
    guard !pinned else { return false }
    return current.withLock { value in
      defer { value = level }
      return value != level
    }
  }
}

extension LoggingConfig.Level {
  /// The swift-log level of a `logging.level` value.
  public var loggerLevel: Logger.Level {
    switch self {
    case .error: return .error
    case .warning: return .warning
    case .info: return .info
    case .debug: return .debug
    }
  }
}
