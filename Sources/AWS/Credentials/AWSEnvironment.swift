import Foundation

/// The process environment and home folder, as the credential providers read them; tests pass
/// their own.
public struct AWSEnvironment: Sendable, Equatable {
  public var variables: [String: String]
  /// For `~/.aws/credentials` and `~/.aws/config`; `nil`: no default files.
  public var homeDirectory: String?

  public init(variables: [String: String] = [:], homeDirectory: String? = nil) {
    self.variables = variables
    self.homeDirectory = homeDirectory
  }

  /// This process's environment and `$HOME` (or the user's home folder).
  public static var process: AWSEnvironment {
    let variables = ProcessInfo.processInfo.environment
    return AWSEnvironment(
      variables: variables, homeDirectory: variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
  }

  /// A non-empty variable.
  public subscript(_ name: String) -> String? {
    variables[name].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `AWS_REGION`, else `AWS_DEFAULT_REGION`.
  public var region: String? { self["AWS_REGION"] ?? self["AWS_DEFAULT_REGION"] }

  /// `path` with a leading `~` replaced by the home folder.
  public func expandingTilde(_ path: String) -> String {
    guard let home = homeDirectory, path == "~" || path.hasPrefix("~/") else { return path }
    return home + path.dropFirst()
  }
}
