/// The parts of a SigV4 canonical request.
enum SigV4Canonical {
  /// Headers never signed: hop-by-hop fields a proxy may change, `User-Agent`, tracing, and the
  /// `Authorization` header itself.
  static let unsignedHeaders: Set<String> = [
    "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
  ]

  /// The canonical URI of a wire path: optionally normalised, then encoded once more with `/`
  /// kept. An empty path is `/`.
  static func uri(_ path: String, normalize: Bool) -> String {
    let path = path.isEmpty ? "/" : path
    return AWSPercentEncoding.encode(normalize ? normalizedPath(path) : path, keepSlash: true)
  }

  /// `path` without `.` and `..` segments and empty segments; a trailing slash is kept, and the
  /// root is `/`.
  static func normalizedPath(_ path: String) -> String {
    var segments: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..": _ = segments.popLast()
      default: segments.append(segment)
      }
    }
    if segments.isEmpty { return "/" }
    return "/" + segments.joined(separator: "/") + (path.hasSuffix("/") ? "/" : "")
  }

  /// Every parameter encoded, sorted by encoded name and then encoded value (byte order), joined
  /// as `name=value` with `&`.
  static func query(_ items: [(name: String, value: String)]) -> String {
    items.map { (AWSPercentEncoding.encode($0.name), AWSPercentEncoding.encode($0.value)) }
      .sorted { lhs, rhs in
        lhs.0 == rhs.0
          ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8) : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
      }
      .map { $0.0 + "=" + $0.1 }
      .joined(separator: "&")
  }

  /// The canonical header block (`name:value\n` per name, sorted) and the signed-header list
  /// (`name;name`) of `headers`. Names are lower-cased; values are trimmed with inner whitespace
  /// runs (folded lines too) collapsed to one space; repeated names join their values with `,`
  /// in their original order.
  static func headers(_ headers: [(name: String, value: String)]) -> (block: String, signed: String) {
    var values: [String: [String]] = [:]
    for (name, value) in headers {
      values[name.lowercased(), default: []].append(collapsingWhitespace(value))
    }
    let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let block = names.map { $0 + ":" + values[$0]!.joined(separator: ",") + "\n" }.joined()
    return (block, names.joined(separator: ";"))
  }

  /// `value` trimmed, each run of spaces, tabs and line breaks inside it made one space.
  static func collapsingWhitespace(_ value: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(value.utf8.count)
    var pendingSpace = false
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        pendingSpace = !out.isEmpty
      default:
        if pendingSpace { out.append(UInt8(ascii: " ")) }
        pendingSpace = false
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
