import NIOCore
import NIOPosix

/// Ports for test servers that go down and come back on the same port.
///
/// A server that binds port 0 gets a port from the kernel's ephemeral range (32768–60999 here),
/// the same range every outgoing connection takes its local port from. Once such a server closes
/// its listener for a "downtime", any client connection anywhere in the test process may be given
/// that port, and binding it again fails with "Address already in use". Ports below the ephemeral
/// range are never handed out implicitly, so a server that must come back binds one of those.
public enum RestartablePort {
  /// Below the ephemeral range: Elasticsearch and control test servers take theirs here.
  public static let range = 26_000..<32_000
  /// Below the ephemeral range and apart from ``range``: moto's ports. moto is started on a port
  /// found free a moment before, so no server that binds on its own may pick from the same range.
  public static let motoRange = 20_000..<26_000

  /// Binds `bind` to a random free port of `range`, trying again on ports already taken.
  public static func bind(_ bind: (Int) async throws -> any Channel) async throws -> any Channel {
    var lastError: (any Error)?
    for _ in 0..<64 {
      do {
        return try await bind(Int.random(in: range))
      } catch {
        lastError = error
      }
    }
    throw lastError ?? ChannelError.inappropriateOperationForState
  }
}
