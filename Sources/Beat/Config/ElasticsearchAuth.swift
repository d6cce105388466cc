import KSPMCore
import Output

extension ElasticsearchAuth {
  static let keys: Set<String> = ["username", "password", "api_key", "bearer_token"]

  static func read(_ section: ConfigSection) throws(ConfigError) -> ElasticsearchAuth {
    let username = try section.nonEmptyString("username")
    let password = try section.secret("password")
    let apiKey = try section.secret("api_key")
    let bearer = try section.secret("bearer_token")
    if apiKey != nil, username != nil || password != nil {
      throw section.error("api_key", "cannot be combined with username/password; choose one")
    }
    if bearer != nil, apiKey != nil || username != nil || password != nil {
      throw section.error("bearer_token", "cannot be combined with api_key or username/password; choose one")
    }
    if let apiKey {
      let parts = apiKey.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
        !parts[0].contains(where: \.isWhitespace), !parts[1].contains(where: \.isWhitespace)
      else {
        throw section.error(
          "api_key", "must have the form \"id:key\" (the API key's id and secret joined by ':', not the encoded value)")
      }
      return .apiKey(id: String(parts[0]), key: ConfigSecret(String(parts[1])))
    }
    if let bearer { return .bearer(bearer) }
    if let username {
      guard let password else { throw section.error("password", "is required with username") }
      return .basic(username: username, password: password)
    }
    if password != nil { throw section.error("username", "is required with password") }
    return .none
  }
}
