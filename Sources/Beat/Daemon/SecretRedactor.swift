import Foundation
import Synchronization

/// Replaces every known secret value in log text with `[redacted]`: the configured secrets
/// (passwords, API keys, tokens, secret headers, key passphrases, inline private keys, AWS keys)
/// and the values of environment variables whose names look secret (`…_API_KEY`, `…TOKEN`,
/// `…PASSWORD`, `…SECRET…`). A last line of defence: secrets are also kept out of messages where
/// they are made.
public final class SecretRedactor: Sendable {
  /// The replacement text.
  public static let mask = "[redacted]"
  /// Values shorter than this are not treated as secrets (they would mask ordinary words).
  public static let minimumLength = 4

  private let secrets = Mutex<[String]>([])

  /// Starts with the secret-looking variables of `environment`.
  public init(environment: [String: String] = [:]) {
    register(environment.filter { Self.looksSecret(name: $0.key) }.map(\.value))
  }

  /// Whether an environment variable's name says it holds a secret.
  public static func looksSecret(name: String) -> Bool {
    let upper = name.uppercased()
    return ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "AUTH"].contains {
      upper.contains($0)
    }
  }

  /// Adds secret values (and, for `id:key` pairs, the key alone).
  public func register(_ values: some Sequence<String>) {
    var candidates: [String] = []
    for value in values {
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      candidates.append(trimmed)
      if let colon = trimmed.firstIndex(of: ":") { candidates.append(String(trimmed[trimmed.index(after: colon)...])) }
    }
    let usable = candidates.filter(Self.isWorthMasking)
    guard !usable.isEmpty else { return }
    secrets.withLock { all in
      all = Array(Set(all + usable)).sorted { $0.count > $1.count }
    }
  }

  static func isWorthMasking(_ value: String) -> Bool {
    guard value.count >= minimumLength else { return false }
    if ["true", "false", "yes", "no", "null", "none"].contains(value.lowercased()) { return false }
    return !(value.count < 8 && value.allSatisfy(\.isNumber))
  }

  /// `text` with every secret replaced.
  public func redact(_ text: String) -> String {
    let secrets = self.secrets.withLock { $0 }
    guard !secrets.isEmpty else { return text }
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: Self.mask)
    }
    return result
  }
}
