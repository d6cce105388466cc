/// Follows a paginated AWS operation to its end.
enum Pagination {
  /// Calls `page` with no token, then with each token an answer gives (an empty token ends it
  /// too), and returns every page's items in order. A token seen before is an
  /// ``AWSError`` (`invalidResponse`): a service that loops would otherwise never end.
  static func collect<Item>(
    _ service: AWSService, operation: String, tokenName: String,
    _ page: (String?) async throws -> (items: [Item], next: String?)
  ) async throws -> [Item] {
    var items: [Item] = []
    var token: String?
    var seen = Set<String>()
    repeat {
      let answer = try await page(token)
      items += answer.items
      token = answer.next.flatMap { $0.isEmpty ? nil : $0 }
      if let token, !seen.insert(token).inserted {
        throw AWSError(
          kind: .invalidResponse, service: service.signingName, operation: operation,
          message: "the answer repeats an earlier \(tokenName)")
      }
    } while token != nil
    return items
  }
}
