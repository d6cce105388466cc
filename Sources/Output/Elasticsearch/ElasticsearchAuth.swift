import KSPMCore

/// How the Elasticsearch output authenticates; at most one kind may be configured.
///
/// - `username` + `password` → `Authorization: Basic base64(user:pass)`
/// - `api_key: "id:key"` → `Authorization: ApiKey base64(id:key)` (the raw form Fleet hands out,
///   not Kibana's already-encoded value)
/// - `bearer_token: <token>` → `Authorization: Bearer <token>` (a service-account or token-service
///   token; kspmbeat's own key — libbeat only reaches this through `headers`)
public enum ElasticsearchAuth: Sendable, Equatable {
  case none
  case basic(username: String, password: ConfigSecret)
  case apiKey(id: String, key: ConfigSecret)
  case bearer(ConfigSecret)
}
