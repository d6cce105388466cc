import Foundation

/// A certificate, key or CA given either as a file path or inline PEM text.
public enum PEMSource: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// A file to read (the path is used as given: expand `~` before).
  case file(String)
  /// PEM text written in the configuration (`-----BEGIN …`); never shown (it may be a private key).
  case inline(String)

  /// PEM bytes that came from elsewhere (a kubeconfig's `*-data`, a mounted secret).
  public static func bytes(_ bytes: [UInt8]) -> PEMSource { .inline(String(decoding: bytes, as: UTF8.self)) }

  /// The path, or `<inline PEM>`: safe in messages.
  public var description: String {
    switch self {
    case .file(let path): return path
    case .inline: return "<inline PEM>"
    }
  }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }

  /// The PEM bytes; an unreadable file is an error about `setting`.
  func read(for setting: HTTPClientConfigurationError.Setting) throws(HTTPClientConfigurationError) -> [UInt8] {
    switch self {
    case .inline(let text): return Array(text.utf8)
    case .file(let path):
      guard let data = FileManager.default.contents(atPath: path) else {
        throw HTTPClientConfigurationError(setting: setting, source: self, problem: .unreadable)
      }
      return Array(data)
    }
  }
}
