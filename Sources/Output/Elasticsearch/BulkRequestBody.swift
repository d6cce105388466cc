import KSPMCore

/// One document to index with the `create` action: the only action a data stream accepts, and the
/// one that makes a repeated `_id` a harmless 409 instead of a duplicate.
public struct BulkItem: Sendable {
  /// The data stream or index (`_index`).
  public var index: String
  /// The deterministic document id (`_id`).
  public var id: String
  /// The document's compact JSON, without a newline.
  public var document: [UInt8]

  public init(index: String, id: String, document: [UInt8]) {
    self.index = index
    self.id = id
    self.document = document
  }
}

/// The NDJSON body of a `_bulk` request: an action line and a document line per item, every line
/// ending in `\n`, the last one included.
public enum BulkRequestBody {
  /// The uncompressed body.
  public static func encode(_ items: some Collection<BulkItem>) -> [UInt8] {
    var body: [UInt8] = []
    encode(items, into: &body)
    return body
  }

  /// The uncompressed body, written into `buffer` (its storage reused).
  public static func encode(_ items: some Collection<BulkItem>, into buffer: inout [UInt8]) {
    var size = 0
    for item in items { size += item.document.count + item.index.utf8.count + item.id.utf8.count + 40 }
    buffer.removeAll(keepingCapacity: true)
    buffer.reserveCapacity(size)
    var writer = JSONWriter(capacity: 0)
    swap(&writer.bytes, &buffer)
    for item in items {
      writer.writeRaw("{\"create\":{\"_index\":")
      writer.writeString(item.index)
      writer.writeRaw(",\"_id\":")
      writer.writeString(item.id)
      writer.writeRaw("}}\n")
      writer.bytes.append(contentsOf: item.document)
      writer.bytes.append(0x0A)
    }
    swap(&writer.bytes, &buffer)
  }
}
