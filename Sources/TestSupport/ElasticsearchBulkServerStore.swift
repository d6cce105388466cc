import Foundation
import KSPMCore

/// A stored document: its source bytes as sent, version and sequence number.
struct StoredDocument: Sendable {
  var source: [UInt8]
  var version: Int64
  var seqNo: Int64
}

/// The documents of one index or data stream, by id, in the order they were stored.
struct IndexStore: Sendable {
  var documents: [String: StoredDocument] = [:]
  var order: [String] = []
  var nextSeqNo: Int64 = 0
  /// The index items report as `_index`: the data stream's backing index, or the index itself.
  var writeIndex: String

  mutating func put(_ id: String, source: [UInt8], version: Int64) -> StoredDocument {
    if documents[id] == nil { order.append(id) }
    let document = StoredDocument(source: source, version: version, seqNo: nextSeqNo)
    nextSeqNo += 1
    documents[id] = document
    return document
  }

  mutating func remove(_ id: String) {
    documents.removeValue(forKey: id)
    order.removeAll { $0 == id }
  }
}

/// An item ready to be applied: the action resolved, its document parsed and checked.
struct PreparedItem: Sendable {
  var action: BulkAction
  var index: String
  /// The `_id` sent, or one the server generated for `create`/`index`.
  var id: String
  var requestedID: String?
  /// The parsed source line (the document, or the update body); `nil` for `delete` and when
  /// the line is not JSON.
  var document: JSONValue?
  var source: [UInt8]
  var dataStream: DataStreamName?
  /// Set when the item fails its checks (index name, data stream rules, document parsing).
  var failure: ItemFailure?
}

struct ItemFailure: Sendable {
  var status: Int
  var error: ElasticsearchError
}

/// What happened to one item, as the bulk response reports it.
struct BulkItemResult: Sendable {
  var action: BulkAction
  var index: String
  var id: String
  var status: Int
  var result: String?
  var version: Int64?
  var seqNo: Int64?
  var error: ElasticsearchError?

  /// `{"<action>":{…}}`.
  var json: JSONValue {
    var body = JSONObject()
    body.appendUnchecked("_index", .string(index))
    body.appendUnchecked("_id", .string(id))
    if let version { body.appendUnchecked("_version", .int(version)) }
    if let result { body.appendUnchecked("result", .string(result)) }
    if let seqNo {
      body.appendUnchecked("_shards", ["total": 2, "successful": 1, "failed": 0])
      body.appendUnchecked("_seq_no", .int(seqNo))
      body.appendUnchecked("_primary_term", 1)
    }
    body.appendUnchecked("status", .int(Int64(status)))
    if let error { body.appendUnchecked("error", error.json) }
    return [action.rawValue: .object(body)]
  }
}

extension BulkServerState {
  /// The `_index` items of `name` report: the backing index of a data stream
  /// (`.ds-<name>-<yyyy.MM.dd>-000001`), else the name.
  func reportedIndex(_ name: String, dataStream: DataStreamName?) -> String {
    if let store = indices[name] { return store.writeIndex }
    guard dataStream != nil else { return name }
    let days = Int64((Date().timeIntervalSince1970 / 86_400).rounded(.down))
    let date = CivilCalendar.date(fromDays: days)
    let stamp =
      "\(date.year).\(CivilCalendar.zeroPadded(date.month, 2)).\(CivilCalendar.zeroPadded(date.day, 2))"
    return ".ds-\(name)-\(stamp)-000001"
  }

  /// Applies one checked item to the store (`forced`: a status injected for it instead).
  mutating func apply(_ item: PreparedItem, forced: Int?) -> BulkItemResult {
    let reported = reportedIndex(item.index, dataStream: item.dataStream)
    var result = BulkItemResult(action: item.action, index: reported, id: item.id, status: 0)
    if let forced {
      result.status = forced
      result.error = .typical(status: forced, coordinating: false)
      return result
    }
    if let failure = item.failure {
      result.status = failure.status
      result.error = failure.error
      return result
    }
    // Taken out of the dictionary while it changes, so its documents are not copied on write.
    let known = indices[item.index] != nil
    var store = indices.removeValue(forKey: item.index) ?? IndexStore(writeIndex: reported)
    defer { if !store.documents.isEmpty || known { indices[item.index] = store } }
    let existing = store.documents[item.id]
    switch item.action {
    case .create:
      if let existing {
        result.status = 409
        result.error = ElasticsearchError(
          type: "version_conflict_engine_exception",
          reason: "[\(item.id)]: version conflict, document already exists (current version [\(existing.version)])")
        return result
      }
      return written(&result, store.put(item.id, source: item.source, version: 1), created: true)
    case .index:
      let stored = store.put(item.id, source: item.source, version: (existing?.version ?? 0) + 1)
      return written(&result, stored, created: existing == nil)
    case .delete:
      guard let existing else {
        result.status = 404
        result.result = "not_found"
        result.version = 1
        return result
      }
      store.remove(item.id)
      result.status = 200
      result.result = "deleted"
      result.version = existing.version + 1
      result.seqNo = store.nextSeqNo
      store.nextSeqNo += 1
      return result
    case .update:
      return update(item, existing: existing, store: &store, result: &result)
    }
  }

  private func written(_ result: inout BulkItemResult, _ stored: StoredDocument, created: Bool) -> BulkItemResult {
    result.status = created ? 201 : 200
    result.result = created ? "created" : "updated"
    result.version = stored.version
    result.seqNo = stored.seqNo
    return result
  }

  /// A partial update (`doc`, `doc_as_upsert`, `upsert`); scripts are not supported.
  private func update(
    _ item: PreparedItem, existing: StoredDocument?, store: inout IndexStore, result: inout BulkItemResult
  ) -> BulkItemResult {
    let body = item.document?.objectValue ?? JSONObject()
    if body["script"] != nil {
      result.status = 400
      result.error = ElasticsearchError(
        type: "illegal_argument_exception", reason: "scripted updates are not supported by the test server")
      return result
    }
    let doc = body["doc"]?.objectValue
    if let existing {
      guard let doc else {
        result.status = 400
        result.error = ElasticsearchError(type: "action_request_validation_exception", reason: "doc is missing")
        return result
      }
      let current = (try? JSONParser.parse(existing.source))?.objectValue ?? JSONObject()
      let merged = Self.merge(current, doc)
      if merged == current {
        result.status = 200
        result.result = "noop"
        result.version = existing.version
        return result
      }
      let stored = store.put(item.id, source: JSONWriter.serialize(.object(merged)), version: existing.version + 1)
      return written(&result, stored, created: false)
    }
    let upsert = body["doc_as_upsert"]?.boolValue == true ? doc : body["upsert"]?.objectValue
    guard let upsert else {
      result.status = 404
      result.error = ElasticsearchError(type: "document_missing_exception", reason: "[\(item.id)]: document missing")
      return result
    }
    return written(
      &result, store.put(item.id, source: JSONWriter.serialize(.object(upsert)), version: 1), created: true)
  }

  /// `base` with `changes` merged in, objects recursively.
  static func merge(_ base: JSONObject, _ changes: JSONObject) -> JSONObject {
    var merged = base
    for member in changes.members {
      if case .object(let old)? = merged[member.key], case .object(let new) = member.value {
        merged[member.key] = .object(merge(old, new))
      } else {
        merged[member.key] = member.value
      }
    }
    return merged
  }
}
