import Foundation

/// Keeps the credentials of another provider until they are about to expire.
///
/// - Credentials without an expiration are kept for good.
/// - Temporary credentials are renewed once fewer than `refreshAhead` remain; callers that ask
///   while a renewal runs wait for that one (a single request to STS or IMDS, not one each).
/// - When a renewal fails while the old credentials are still valid, those are used and the
///   next call tries again; once they have expired, the failure is thrown.
public actor CachedCredentialProvider: AWSCredentialProvider {
  public nonisolated let name: String
  private let base: any AWSCredentialProvider
  private let refreshAhead: Duration
  private let now: @Sendable () -> Date
  private var current: AWSCredentials?
  private var renewal: Task<AWSCredentials, any Error>?

  /// - Parameters:
  ///   - refreshAhead: renew when less than this is left (default 5 minutes).
  ///   - now: the clock (tests move it).
  public init(
    _ base: any AWSCredentialProvider, refreshAhead: Duration = .seconds(300),
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.base = base
    self.name = base.name
    self.refreshAhead = refreshAhead
    self.now = now
  }

  public func credentials() async throws -> AWSCredentials {
    if let current, !needsRenewal(current) { return current }
    let task: Task<AWSCredentials, any Error>
    if let renewal {
      task = renewal
    } else {
      let base = self.base
      task = Task { try await base.credentials() }
      renewal = task
    }
    do {
      let fresh = try await task.value
      finish(task, with: fresh)
      return fresh
    } catch {
      finish(task, with: nil)
      if let current, let expiration = current.expiration, expiration > now() { return current }
      throw error
    }
  }

  public func invalidate() async {
    current = nil
    await base.invalidate()
  }

  /// Records the end of `task` (once, by whichever waiter comes first).
  private func finish(_ task: Task<AWSCredentials, any Error>, with credentials: AWSCredentials?) {
    guard renewal == task else { return }
    renewal = nil
    if let credentials { current = credentials }
  }

  private func needsRenewal(_ credentials: AWSCredentials) -> Bool {
    guard let expiration = credentials.expiration else { return false }
    return expiration.timeIntervalSince(now()) < Double(refreshAhead.components.seconds)
  }
}
