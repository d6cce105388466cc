import KSPMCore

/// File permission bits: "X or more restrictive", or exactly X.
///
/// Modes are compared as numbers, digit by digit in effect: "at most 0o644" means the file has no
/// permission bit that 0o644 lacks (so 0o600 and 0o400 pass, 0o664 and 0o744 fail). Set-user-id,
/// set-group-id and sticky bits are never allowed unless the limit has them.
public struct FilePermissionCheck: FileCheck, Hashable {
  public enum Requirement: Sendable, Hashable {
    /// No bit beyond these (`0o644` or more restrictive).
    case atMost(UInt32)
    /// Exactly these bits.
    case exactly(UInt32)
  }

  public var requirement: Requirement

  public init(_ requirement: Requirement) { self.requirement = requirement }

  public static func atMost(_ mode: UInt32) -> FilePermissionCheck { FilePermissionCheck(.atMost(mode)) }
  public static func exactly(_ mode: UInt32) -> FilePermissionCheck { FilePermissionCheck(.exactly(mode)) }

  /// Whether `mode` (permission bits) satisfies the requirement.
  public func allows(_ mode: UInt32) -> Bool {
    let bits = mode & 0o7777
    switch requirement {
    case .atMost(let limit): return bits & ~(limit & 0o7777) == 0
    case .exactly(let wanted): return bits == wanted & 0o7777
    }
  }

  public func evaluate(_ file: FileResource) -> Evaluation {
    let limit: UInt32
    switch requirement {
    case .atMost(let m), .exactly(let m): limit = m
    }
    return Evaluation(
      allows(file.mode) ? .passed : .failed,
      evidence: ["filemode": .string(Self.octal(file.mode))],
      expected: ["filemode": .string(Self.octal(limit))])
  }

  /// Permission bits as at least three octal digits (`0o44` → `"044"`, `0o1700` → `"1700"`).
  public static func octal(_ mode: UInt32) -> String {
    let digits = String(mode & 0o7777, radix: 8)
    return digits.count >= 3 ? digits : String(repeating: "0", count: 3 - digits.count) + digits
  }

  public var description: String {
    switch requirement {
    case .atMost(let m): "mode \(Self.octal(m)) or more restrictive"
    case .exactly(let m): "mode exactly \(Self.octal(m))"
    }
  }
}
