/// What the Elasticsearch output does with a document Elasticsearch refuses with a 4xx other than
/// 409/429 (`output.elasticsearch.non_indexable_policy`).
///
/// Written as libbeat does: `non_indexable_policy: {drop: ~}` or
/// `non_indexable_policy: {dead_letter_index: {index: my-dlq}}`.
public enum NonIndexablePolicy: Sendable, Equatable {
  /// Log it and count it as dropped (the default).
  case drop
  /// Re-send it, wrapped, to this index; dropped if that fails too.
  case deadLetterIndex(String)
}
