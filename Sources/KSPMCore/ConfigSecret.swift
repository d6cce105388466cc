/// A secret setting (password, API key, token): its value is never shown.
///
/// `description`, `debugDescription` and `dump` all print `<redacted>`, so a secret can't end up in
/// a log line or an error message by way of `String(describing:)` of a configuration.
public struct ConfigSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  /// The secret itself; read it only where it is used (an `Authorization` header, a signature).
  public var value: String

  public init(_ value: String) { self.value = value }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "<redacted>" }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
