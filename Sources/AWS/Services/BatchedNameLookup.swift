import KSPMCore

/// Describes resources by name the way the describe calls of ECR and classic ELB need it: each
/// name asked once, at most `batchSize` names a call, and a batch that one bad name fails
/// (`RepositoryNotFoundException`, `LoadBalancerNotFound`, `AccessDeniedException` on one
/// resource, an invalid name) asked again one name at a time, so the others are still found.
///
/// Errors that concern every name (credentials refused, throttling or 5xx after the retries,
/// connection failures) are thrown, not spread over the names.
struct BatchedNameLookup {
  /// The most names one call may carry.
  var batchSize: Int
  /// The error codes that mean "no such resource".
  var notFoundCodes: Set<String>

  /// Runs `describe` (which follows pagination itself) over the names.
  func run(_ names: [String], describe: ([String]) async throws -> [JSONValue]) async throws -> AWSLookupResult {
    var result = AWSLookupResult()
    let unique = Self.deduplicated(names)
    var start = 0
    while start < unique.count {
      let batch = Array(unique[start..<min(start + batchSize, unique.count)])
      start += batch.count
      do {
        result.items += try await describe(batch)
      } catch let error as AWSError where isPerName(error) {
        if batch.count == 1 {
          record(error, for: batch[0], in: &result)
          continue
        }
        for name in batch {
          do {
            result.items += try await describe([name])
          } catch let error as AWSError where isPerName(error) {
            record(error, for: name, in: &result)
          }
        }
      }
    }
    return result
  }

  /// `names` without repeats and empty names, first occurrence kept.
  static func deduplicated(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  /// Whether `error` may come from one name of a batch: a service's client error that another
  /// attempt would not change, other than refused credentials and a signing clock too far off
  /// (which refuse every name). A refusal of access counts: IAM can allow some repositories
  /// and not others.
  func isPerName(_ error: AWSError) -> Bool {
    guard error.kind == .service, !error.isRetryable else { return false }
    if notFoundCodes.contains(error.code) || Self.resourceDenialCodes.contains(error.code) { return true }
    return !error.isCredentialProblem && !Self.clockSkewCodes.contains(error.code)
  }

  /// Refusals that an IAM policy can give for one resource and not another.
  static let resourceDenialCodes: Set<String> = ["AccessDenied", "AccessDeniedException"]
  /// The signing time is off: every call fails alike.
  static let clockSkewCodes: Set<String> = ["RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture"]

  private func record(_ error: AWSError, for name: String, in result: inout AWSLookupResult) {
    if notFoundCodes.contains(error.code) {
      result.notFound.append(name)
    } else {
      result.failures.append(AWSLookupResult.Failure(name: name, error: error))
    }
  }
}
